package dev.rollbackdrill.drill;

import dev.rollbackdrill.history.DrillRecord;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one drill run produced: its record, its phase histograms, what its procedure printed, and
 * the ticker reading at which each phase began (to compare the drill's clock with another).
 */
public record DrillResult(
    DrillRecord record,
    Map<String, Histogram> histograms,
    String procedureOutput,
    Map<String, Long> phaseStartTicks) {

  public boolean passed() {
    return record.verdict() == DrillRecord.Verdict.PASSED;
  }
}
