package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.report.ReportModel.ChaosComparison;
import dev.rollbackdrill.report.ReportModel.ChaosCondition;
import dev.rollbackdrill.report.ReportModel.Measure;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The report's chaos section: for every rollback procedure drilled under chaos, its
 * trigger-to-healthy time calm (drills without chaos) and under each distinct chaos condition (the
 * same injections, as the scenario asked for them), side by side, with the ratio of the medians.
 * Drills that errored, were refused or were blocked by a migration say nothing about the rollback's
 * time and are left out; a failed drill counts, in the time when it has one (a slow rollback under
 * chaos is the point) and as a failure either way.
 */
final class ChaosTrends {
  private ChaosTrends() {}

  /** The section from {@code records} (chronological), months in {@code zone} kept by {@code inWindow}. */
  static List<ChaosComparison> of(List<DrillRecord> records, ZoneId zone, Predicate<YearMonth> inWindow) {
    Map<String, List<DrillRecord>> calm = new TreeMap<>();
    Map<String, Map<String, List<DrillRecord>>> chaos = new TreeMap<>();
    for (DrillRecord r : records) {
      if (r.verdict() == Verdict.ERROR || r.verdict() == Verdict.REFUSED || r.verdict() == Verdict.FORWARD_ONLY) {
        continue;
      }
      if (!inWindow.test(YearMonth.from(r.startedAt().atZone(zone)))) {
        continue;
      }
      String procedure = TrendReport.procedureOf(r);
      if (r.chaos() == null || r.chaos().isEmpty()) {
        calm.computeIfAbsent(procedure, k -> new ArrayList<>()).add(r);
      } else {
        chaos.computeIfAbsent(procedure, k -> new TreeMap<>()).computeIfAbsent(specs(r), k -> new ArrayList<>()).add(r);
      }
    }
    List<ChaosComparison> out = new ArrayList<>();
    chaos.forEach((procedure, conditions) -> {
      List<DrillRecord> calmRuns = calm.getOrDefault(procedure, List.of());
      Distribution.Summary calmTimes = times(calmRuns).summarize();
      Measure calmMedian = calmTimes == null ? Measure.none() : Measure.percentile(calmTimes.median());
      List<ChaosCondition> rows = new ArrayList<>();
      conditions.forEach((spec, runs) -> rows.add(condition(procedure, calmTimes, calmMedian, spec, runs)));
      out.add(new ChaosComparison(procedure, calmRuns.size(), failed(calmRuns), calmMedian,
          calmTimes == null ? Measure.none() : Measure.percentile(calmTimes.p90()), rows));
    });
    return out;
  }

  private static ChaosCondition condition(String procedure, Distribution.Summary calmTimes, Measure calmMedian,
      String spec, List<DrillRecord> runs) {
    DrillRecord newest = runs.get(runs.size() - 1);
    String kinds = String.join(", ", newest.chaos().stream().map(c -> c.kind() == null ? "chaos" : c.kind()).distinct().toList());
    String example = String.join("; ", newest.chaos().stream().map(c -> c.did() == null ? "" : c.did())
        .filter(d -> !d.isBlank()).toList());
    Distribution.Summary s = times(runs).summarize();
    Measure median = s == null ? Measure.none() : Measure.percentile(s.median());
    Double ratio = s == null || calmTimes == null || calmTimes.median() == 0 ? null
        : (double) s.median() / calmTimes.median();
    int failed = failed(runs);
    String line = procedure + ": " + (calmTimes == null ? "no calm drill" : calmMedian.text() + " calm") + ", "
        + (s == null ? "never healthy" : median.text()) + " with " + kinds
        + (example.isEmpty() ? "" : " (" + example + ")")
        + (failed == 0 ? "" : "; " + failed + " of " + Formats.count(runs.size(), "drill") + " failed");
    return new ChaosCondition(kinds, spec, example, runs.size(), failed, median,
        s == null ? Measure.none() : Measure.percentile(s.p90()), ratio,
        ratio == null ? "" : String.format(Locale.ROOT, "%.1fx", ratio), line);
  }

  /** What the scenario asked for, injection by injection: the condition a drill ran under. */
  private static String specs(DrillRecord r) {
    return String.join("; ", r.chaos().stream().map(c -> c.spec() == null || c.spec().isBlank() ? c.kind() : c.spec())
        .toList());
  }

  private static Distribution times(List<DrillRecord> runs) {
    Distribution d = new Distribution();
    for (DrillRecord r : runs) {
      if (r.triggerToHealthyNanos() != null) {
        d.add(r.triggerToHealthyNanos());
      }
    }
    return d;
  }

  private static int failed(List<DrillRecord> runs) {
    return (int) runs.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
  }
}
