package dev.rollbackdrill.drill;

import dev.rollbackdrill.history.DrillRecord;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one drill run produced: its record, its phase histograms and what its procedure printed. */
public record DrillResult(DrillRecord record, Map<String, Histogram> histograms, String procedureOutput) {

  public boolean passed() {
    return record.verdict() == DrillRecord.Verdict.PASSED;
  }
}
