package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.report.ReportModel.CanaryMonth;
import dev.rollbackdrill.report.ReportModel.CanaryScenario;
import dev.rollbackdrill.report.ReportModel.Measure;
import dev.rollbackdrill.scenario.Percentages;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The report's canary section: for every scenario whose drills made a canary, month by month,
 * how long from the canary going live to the decision (the drill's analysis, or the team's
 * automation rolling it back) and how many user requests it served meanwhile. Drills that errored
 * or were refused say nothing about either and are left out; a drill that reached no decision
 * (inconclusive, or the automation never fired) counts in no time, but its exposure does count.
 */
final class CanaryTrends {
  private CanaryTrends() {}

  /** The section from {@code records} (chronological), months in {@code zone} kept by {@code inWindow}. */
  static List<CanaryScenario> of(List<DrillRecord> records, ZoneId zone, Predicate<YearMonth> inWindow) {
    Map<String, Map<YearMonth, List<DrillRecord>>> byScenario = new TreeMap<>();
    Map<String, DrillRecord> last = new TreeMap<>();
    for (DrillRecord r : records) {
      if (r.canary() == null || r.verdict() == Verdict.ERROR || r.verdict() == Verdict.REFUSED) {
        continue;
      }
      YearMonth m = YearMonth.from(r.startedAt().atZone(zone));
      if (!inWindow.test(m)) {
        continue;
      }
      String name = r.scenario().name();
      byScenario.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(m, k -> new ArrayList<>()).add(r);
      last.put(name, r);
    }
    List<CanaryScenario> out = new ArrayList<>();
    byScenario.forEach((name, months) -> {
      List<CanaryMonth> rows = new ArrayList<>();
      months.forEach((m, runs) -> rows.add(month(m, runs)));
      DrillRecord newest = last.get(name);
      out.add(new CanaryScenario(name, TrendReport.procedureOf(newest), Percentages.format(newest.canary().share(), 1),
          rows));
    });
    return out;
  }

  private static CanaryMonth month(YearMonth m, List<DrillRecord> runs) {
    Distribution detect = new Distribution();
    long requests = 0;
    long served = 0;
    long failed = 0;
    boolean counted = false;
    for (DrillRecord r : runs) {
      DrillRecord.Canary c = r.canary();
      // Only a drill whose detect phase ended (the trigger began) reached a decision: another's time is none.
      if (c.detectNanos() != null && r.phaseNanos() != null && r.phaseNanos().containsKey("trigger")) {
        detect.add(c.detectNanos());
      }
      if (c.userRequests() != null && c.servedByCanary() != null) {
        counted = true;
        requests += c.userRequests();
        served += c.servedByCanary();
        failed += c.failedUserRequests() == null ? 0 : c.failedUserRequests();
      }
    }
    Distribution.Summary s = detect.summarize();
    return new CanaryMonth(Formats.monthShort(m), runs.size(),
        s == null ? Measure.none() : Measure.percentile(s.median()), s == null ? Measure.none() : Measure.of(s.max()),
        counted ? served + " of " + requests + " (" + Formats.percentOneDecimal(served, requests) + ")" : Measure.NONE_TEXT,
        counted ? failed + " (" + Formats.percentOneDecimal(failed, requests) + ")" : Measure.NONE_TEXT);
  }
}
