package dev.rollbackdrill.drill;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.load.LoadGenerator;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one drill run produced: its record, its phase histograms, what its procedure printed, the
 * ticker reading at which each phase began (to compare the drill's clock with another), and the
 * load generator's own totals (null without load), to check the record's accounting against.
 */
public record DrillResult(
    DrillRecord record,
    Map<String, Histogram> histograms,
    String procedureOutput,
    Map<String, Long> phaseStartTicks,
    LoadGenerator.Totals loadTotals) {

  /** A result without load. */
  public DrillResult(
      DrillRecord record, Map<String, Histogram> histograms, String procedureOutput, Map<String, Long> phaseStartTicks) {
    this(record, histograms, procedureOutput, phaseStartTicks, null);
  }

  public boolean passed() {
    return record.verdict() == DrillRecord.Verdict.PASSED;
  }
}
