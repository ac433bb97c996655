package dev.rollbackdrill.drill;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.load.LoadGenerator;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one drill run produced: its record, its phase histograms, what its procedure printed, the
 * ticker reading at which each phase began (to compare the drill's clock with another), the load
 * generator's own totals (null without load), to check the record's accounting against, and where
 * the runner's {@link DrillRunner.Recorder} wrote the record (null without one) or why it could not.
 */
public record DrillResult(
    DrillRecord record,
    Map<String, Histogram> histograms,
    String procedureOutput,
    Map<String, Long> phaseStartTicks,
    LoadGenerator.Totals loadTotals,
    Path recordFile,
    String recordProblem) {

  /** A result not (yet) written anywhere. */
  public DrillResult(
      DrillRecord record, Map<String, Histogram> histograms, String procedureOutput, Map<String, Long> phaseStartTicks,
      LoadGenerator.Totals loadTotals) {
    this(record, histograms, procedureOutput, phaseStartTicks, loadTotals, null, null);
  }

  /** The same result, written to {@code file} (or not, for {@code problem}). */
  DrillResult written(Path file, String problem) {
    return new DrillResult(record, histograms, procedureOutput, phaseStartTicks, loadTotals, file, problem);
  }
}
