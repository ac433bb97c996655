package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.report.Distribution.Summary;
import dev.rollbackdrill.report.ReportModel.Change;
import dev.rollbackdrill.report.ReportModel.Dora;
import dev.rollbackdrill.report.ReportModel.FailureRow;
import dev.rollbackdrill.report.ReportModel.Failures;
import dev.rollbackdrill.report.ReportModel.Headline;
import dev.rollbackdrill.report.ReportModel.Measure;
import dev.rollbackdrill.report.ReportModel.MonthPoint;
import dev.rollbackdrill.report.ReportModel.Person;
import dev.rollbackdrill.report.ReportModel.PhaseRow;
import dev.rollbackdrill.report.ReportModel.Phases;
import dev.rollbackdrill.report.ReportModel.ProcedureComparison;
import dev.rollbackdrill.report.ReportModel.ProcedureRow;
import dev.rollbackdrill.report.ReportModel.QuarterRow;
import dev.rollbackdrill.report.ReportModel.Rotation;
import dev.rollbackdrill.report.ReportModel.ScenarioRow;
import dev.rollbackdrill.report.ReportModel.Share;
import dev.rollbackdrill.report.ReportModel.Trend;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import dev.rollbackdrill.timing.Phase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the monthly MTTR trend report from drill records: the headline (one month's median and
 * p90 trigger-to-healthy across all drills, change against the month before, share within SLO, DORA
 * band), the monthly series with gaps, per-scenario rows with sparklines and stale flags, where the
 * time goes phase by phase, procedures compared on a shared target, who ran the drills per quarter,
 * and the failed drills. Percentiles always come from an HdrHistogram holding every run of the
 * group. Runs that never became healthy have no time and count as SLO misses; harness errors
 * ({@code ERROR}) say nothing about the rollback, so they are listed with the failures but kept out
 * of percentiles and SLO shares. Months and quarters are calendar ones in {@link
 * ReportOptions#zone()}. The result is a plain {@link ReportModel}; {@link ReportWriter} lays it
 * out.
 */
public final class TrendReport {

  /** Scenario rows, phases, procedures, rotation and failures cover this many recent months. */
  static final int WINDOW_MONTHS = 12;

  /** At most this many failed drills are listed; the rest are counted. */
  static final int MAX_FAILURES_SHOWN = 25;

  /** The phases whose time the report breaks down, in drill order. */
  static final List<String> REPORTED_PHASES =
      java.util.stream.Stream.of(Phase.DETECT, Phase.TRIGGER, Phase.ACCEPTED, Phase.HEALTHY).map(Phase::recordName).toList();

  static final String EMPTY_HINT =
      "No drills recorded yet: run ./drill run scenarios/noop-undo.yaml, then ./drill report.";

  private static final Map<String, String[]> PHASE_TEXT =
      Map.of(
          Phase.DETECT.recordName(), new String[] {"Detect", "bad candidate deployed until it is detected"},
          Phase.TRIGGER.recordName(), new String[] {"Trigger", "the rollback procedure runs"},
          Phase.ACCEPTED.recordName(),
              new String[] {"Rollback accepted", "procedure done until the controller takes it up"},
          Phase.HEALTHY.recordName(), new String[] {"Healthy", "taken up until healthy on the known-good revision"});

  private TrendReport() {}

  /**
   * Computes the report model.
   *
   * @param records readable drill records, in any order
   * @param warnings what was skipped while reading them (corrupt, partial, unknown version);
   *     carried into the model verbatim
   * @param options zone, stale period, SLO line, the report's "now", key-person share
   */
  public static ReportModel compute(
      List<DrillRecord> records, List<String> warnings, ReportOptions options) {
    Objects.requireNonNull(options, "options");
    return new Computation(
            records == null ? List.of() : records, warnings == null ? List.of() : warnings, options)
        .model();
  }

  /** One computation: the grouped records, used once. */
  private static final class Computation {
    private final ReportOptions options;
    private final ZoneId zone;
    private final Instant now;
    private final List<String> inputWarnings;
    private final List<Run> runs = new ArrayList<>();
    private final YearMonth reportMonth;
    private final YearMonth windowStart;

    Computation(List<DrillRecord> records, List<String> warnings, ReportOptions options) {
      this.options = options;
      this.zone = options.zone();
      this.now = options.now();
      this.inputWarnings = List.copyOf(warnings);
      this.reportMonth = YearMonth.from(now.atZone(zone));
      this.windowStart = reportMonth.minusMonths(WINDOW_MONTHS - 1L);
      for (DrillRecord r : records) {
        // DrillHistory skips partial records with a warning; records handed over in code are
        // held to the same rule rather than crash a grouping by scenario name.
        if (r != null && r.startedAt() != null && r.scenario() != null && r.scenario().name() != null
            && !r.scenario().name().isBlank() && r.verdict() != null) {
          runs.add(new Run(r, YearMonth.from(r.startedAt().atZone(zone))));
        }
      }
      runs.sort(Comparator.comparing(run -> run.record().startedAt()));
    }

    ReportModel model() {
      String title = "Rollback drills: time to recover";
      String generatedAt = Formats.dateTime(now, zone) + " " + Formats.zone(zone);
      if (runs.isEmpty()) {
        return new ReportModel(
            title,
            generatedAt,
            Formats.zone(zone),
            true,
            EMPTY_HINT,
            null,
            null,
            List.of(),
            null,
            List.of(),
            null,
            List.of(),
            null,
            null,
            null,
            List.copyOf(inputWarnings),
            List.of(),
            List.of());
      }
      List<YearMonth> months = monthRange();
      Map<YearMonth, List<Run>> byMonth = new HashMap<>();
      for (Run run : runs) {
        byMonth.computeIfAbsent(run.month(), m -> new ArrayList<>()).add(run);
      }
      Slo slo = slo();
      List<MonthPoint> points = new ArrayList<>(months.size());
      for (YearMonth m : months) {
        points.add(monthPoint(m, byMonth.getOrDefault(m, List.of())));
      }
      Trend trend = trend(months, points, slo);
      Headline headline = headline(byMonth, slo);
      List<Run> window = runs.stream().filter(r -> inWindow(r.month())).toList();
      List<ScenarioRow> scenarios = scenarios(window);
      Rotation rotation = rotation(window);
      Failures failures = failures(window, EnumSet.of(Verdict.FAILED, Verdict.ERROR));
      Failures refusals = failures(window, EnumSet.of(Verdict.REFUSED));
      long scenarioCount = runs.stream().map(r -> r.record().scenario().name()).distinct().count();
      // Scenario rows also list planned scenarios that never ran, but they are no part of "drills of N scenarios".
      ReportModel.Summary summary =
          new ReportModel.Summary(
              runs.size(),
              String.format(Locale.ROOT, "%,d", runs.size()),
              (int) scenarioCount,
              period(runs.get(0).month(), runs.get(runs.size() - 1).month()),
              windowLabel(),
              slo.line() == null ? Measure.none() : Measure.of(slo.line()),
              slo.note(),
              Formats.period(options.staleAfter()),
              staleRule());
      return new ReportModel(
          title,
          generatedAt,
          Formats.zone(zone),
          false,
          EMPTY_HINT,
          summary,
          headline,
          attention(headline, scenarios, rotation),
          trend,
          scenarios,
          phases(window),
          procedures(window),
          rotation,
          failures,
          refusals,
          List.copyOf(inputWarnings),
          CanaryTrends.of(runs.stream().map(Run::record).toList(), zone, this::inWindow),
          ChaosTrends.of(runs.stream().map(Run::record).toList(), zone, this::inWindow));
    }

    // ---- months ------------------------------------------------------------------------

    private List<YearMonth> monthRange() {
      YearMonth first = runs.get(0).month();
      YearMonth last = runs.stream().map(Run::month).max(Comparator.naturalOrder()).orElseThrow();
      if (reportMonth.isAfter(last)) {
        // Months since the last drill are part of the story: they show as gaps.
        last = reportMonth;
      }
      List<YearMonth> months = new ArrayList<>();
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        months.add(m);
      }
      return months;
    }

    private static String period(YearMonth first, YearMonth last) {
      return first.equals(last)
          ? Formats.monthShort(first)
          : Formats.monthShort(first) + " – " + Formats.monthShort(last);
    }

    private boolean inWindow(YearMonth m) {
      return !m.isBefore(windowStart) && !m.isAfter(reportMonth);
    }

    private String windowLabel() {
      return "last "
          + WINDOW_MONTHS
          + " months ("
          + Formats.monthShort(windowStart)
          + " – "
          + Formats.monthShort(reportMonth)
          + ")";
    }

    private MonthPoint monthPoint(YearMonth m, List<Run> inMonth) {
      Group g = Group.of(inMonth);
      Summary s = g.times().summarize();
      return new MonthPoint(
          m.toString(),
          Formats.monthShort(m),
          inMonth.size(),
          g.failed(),
          s == null ? Measure.none() : Measure.percentile(s.median()),
          s == null ? Measure.none() : Measure.percentile(s.p90()),
          s == null ? Measure.none() : Measure.of(s.max()),
          g.withinSlo(),
          s == null);
    }

    private Trend trend(List<YearMonth> months, List<MonthPoint> points, Slo slo) {
      List<Long> median = new ArrayList<>();
      List<Long> p90 = new ArrayList<>();
      List<Long> max = new ArrayList<>();
      for (MonthPoint p : points) {
        median.add(p.median().nanos());
        p90.add(p.p90().nanos());
        max.add(p.max().nanos());
      }
      var medianLine = new Charts.Line("median", "median", median);
      var p90Line = new Charts.Line("p90", "p90", p90);
      var maxLine = new Charts.Line("max", "max", max);
      var chart = Charts.trend(Charts.WIDE, months, medianLine, p90Line, maxLine, slo.line());
      var compact = Charts.trend(Charts.NARROW, months, medianLine, p90Line, maxLine, slo.line());
      List<MonthPoint> recent = new ArrayList<>();
      for (int i = points.size() - 1; i >= 0 && recent.size() < WINDOW_MONTHS; i--) {
        recent.add(points.get(i));
      }
      return new Trend(points, recent, chart, compact);
    }

    // ---- SLO ---------------------------------------------------------------------------

    private record Slo(Long line, String note) {}

    private Slo slo() {
      Map<Long, Integer> counts = new TreeMap<>();
      for (Run run : runs) {
        if (run.record().sloNanos() > 0) {
          counts.merge(run.record().sloNanos(), 1, Integer::sum);
        }
      }
      Long common = null;
      int best = 0;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        // TreeMap order: on a tie the stricter (smaller) SLO wins.
        if (e.getValue() > best) {
          best = e.getValue();
          common = e.getKey();
        }
      }
      StringBuilder note = new StringBuilder();
      Long line;
      if (options.slo() != null) {
        line = options.slo().toNanos();
        note.append("SLO line ").append(Formats.axis(line)).append(" as configured");
      } else if (common != null) {
        line = common;
        note.append("SLO ").append(Formats.axis(line));
        if (counts.size() > 1) {
          note.append(" (the most common of ")
              .append(counts.size())
              .append(" SLOs in the records)");
        }
      } else {
        return new Slo(null, "No SLO recorded.");
      }
      if (counts.size() > 1 || options.slo() != null && !counts.containsKey(line)) {
        note.append("; within-SLO shares use each drill's own SLO");
      }
      return new Slo(line, note.append('.').toString());
    }

    // ---- headline ----------------------------------------------------------------------

    private Headline headline(Map<YearMonth, List<Run>> byMonth, Slo slo) {
      YearMonth month = reportMonth;
      String note = null;
      if (!byMonth.containsKey(reportMonth)) {
        YearMonth latest =
            byMonth.keySet().stream()
                .filter(m -> !m.isAfter(reportMonth))
                .max(Comparator.naturalOrder())
                .orElseGet(
                    () -> byMonth.keySet().stream().max(Comparator.naturalOrder()).orElseThrow());
        note =
            "No drills in "
                + Formats.monthLong(reportMonth)
                + " yet; showing "
                + Formats.monthLong(latest)
                + ", the latest month with drills.";
        month = latest;
      }
      List<Run> inMonth = byMonth.getOrDefault(month, List.of());
      Group g = Group.of(inMonth);
      Summary s = g.times().summarize();
      YearMonth previous = month.minusMonths(1);
      Summary prev = Group.of(byMonth.getOrDefault(previous, List.of())).times().summarize();
      Measure median = s == null ? Measure.none() : Measure.percentile(s.median());
      return new Headline(
          Formats.monthLong(month),
          note,
          inMonth.size(),
          g.failed(),
          g.refused(),
          g.forwardOnly(),
          median,
          s == null ? Measure.none() : Measure.percentile(s.p90()),
          change(s, prev, previous),
          g.withinSlo(),
          withinSloText(g.withinSlo(), inMonth, slo),
          dora(median));
    }

    private static String withinSloText(Share share, List<Run> inMonth, Slo slo) {
      if (share.whole() == 0) {
        return "No drill this month says anything about the SLO.";
      }
      long distinct =
          inMonth.stream()
              .filter(r -> Group.saysAboutTheRollback(r.record()))
              .map(r -> r.record().sloNanos())
              .distinct()
              .count();
      String of = share.part() + " of " + Formats.count(share.whole(), "drill") + " ";
      if (distinct == 1) {
        long only =
            inMonth.stream()
                .filter(r -> Group.saysAboutTheRollback(r.record()))
                .findFirst()
                .orElseThrow()
                .record()
                .sloNanos();
        return of + "met the " + Formats.axis(only) + " SLO.";
      }
      return of
          + "met their own SLO"
          + (slo.line() == null ? "." : " (mostly " + Formats.axis(slo.line()) + ").");
    }

    private static Change change(Summary current, Summary previous, YearMonth previousMonth) {
      String prevName = Formats.monthLong(previousMonth);
      if (previous == null) {
        return new Change(
            "none",
            null,
            Measure.none(),
            "No drill reached healthy in " + prevName + " to compare with.");
      }
      Measure prev = Measure.percentile(previous.median());
      if (current == null) {
        return new Change(
            "none",
            null,
            prev,
            prevName + " median was " + prev.text() + "; nothing to compare this month.");
      }
      double pct = (current.median() - previous.median()) * 100.0 / previous.median();
      long rounded = Math.round(Math.abs(pct));
      if (rounded < 1) {
        return new Change(
            "same", pct, prev, "About the same as " + prevName + " (" + prev.text() + ").");
      }
      String direction = pct < 0 ? "faster" : "slower";
      return new Change(
          direction,
          pct,
          prev,
          rounded + "% " + direction + " than " + prevName + " (" + prev.text() + ").");
    }

    // ---- scenarios ---------------------------------------------------------------------

    private List<ScenarioRow> scenarios(List<Run> window) {
      Map<String, Run> lastRun = new TreeMap<>();
      Map<String, Run> lastFresh = new HashMap<>();
      Map<String, List<Run>> all = new HashMap<>();
      Map<String, TreeSet<String>> procedures = new HashMap<>();
      for (Run run : runs) {
        String name = run.record().scenario().name();
        lastRun.put(name, run); // runs are sorted, so the last put is the latest
        if (keepsFresh(run.record())) {
          lastFresh.put(name, run);
        }
        all.computeIfAbsent(name, k -> new ArrayList<>()).add(run);
        procedures.computeIfAbsent(name, k -> new TreeSet<>()).add(procedureOf(run.record()));
      }
      Map<String, List<Run>> windowByScenario = new HashMap<>();
      for (Run run : window) {
        windowByScenario
            .computeIfAbsent(run.record().scenario().name(), k -> new ArrayList<>())
            .add(run);
      }
      List<YearMonth> windowMonths = new ArrayList<>();
      for (YearMonth m = windowStart; !m.isAfter(reportMonth); m = m.plusMonths(1)) {
        windowMonths.add(m);
      }
      List<ScenarioRow> rows = new ArrayList<>();
      for (Map.Entry<String, Run> e : lastRun.entrySet()) {
        String name = e.getKey();
        DrillRecord last = e.getValue().record();
        List<Run> recent = windowByScenario.getOrDefault(name, List.of());
        Summary s = Group.of(recent).times().summarize();
        Map<YearMonth, List<Run>> byMonth = new HashMap<>();
        for (Run run : recent) {
          byMonth.computeIfAbsent(run.month(), k -> new ArrayList<>()).add(run);
        }
        List<Long> spark = new ArrayList<>();
        for (YearMonth m : windowMonths) {
          Summary ms = Group.of(byMonth.getOrDefault(m, List.of())).times().summarize();
          spark.add(ms == null ? null : Math.min(ms.median(), Distribution.HIGHEST_TRACKABLE));
        }
        Run fresh = lastFresh.get(name);
        // Drilled exactly staleAfter ago is still within the period; a moment later it is stale.
        boolean stale = fresh == null
            || Duration.between(fresh.record().startedAt(), now).compareTo(options.staleAfterFor(name)) > 0;
        rows.add(
            new ScenarioRow(
                name,
                Formats.dateTime(last.startedAt(), zone),
                Formats.ago(last.startedAt(), now),
                last.verdict().name(),
                tone(last.verdict()),
                recent.size(),
                s == null ? Measure.none() : Measure.percentile(s.median()),
                s == null ? Measure.none() : Measure.percentile(s.p90()),
                Charts.sparkline(windowMonths, spark),
                stale,
                stale ? staleText(name, fresh, all.get(name)) : "",
                List.copyOf(procedures.get(name)),
                impactText(last),
                databaseText(last)));
      }
      List<Long> noValues = new ArrayList<>();
      windowMonths.forEach(m -> noValues.add(null));
      for (String name : options.staleAfterByScenario().keySet()) {
        if (!lastRun.containsKey(name)) {
          rows.add(
              new ScenarioRow(
                  name,
                  "never",
                  "",
                  "NOT RUN",
                  "none",
                  0,
                  Measure.none(),
                  Measure.none(),
                  Charts.sparkline(windowMonths, noValues),
                  true,
                  "Planned, never drilled" + onClusters(),
                  List.of(),
                  "",
                  ""));
        }
      }
      // Rows that need attention first, then by name.
      rows.sort(
          Comparator.comparing((ScenarioRow r) -> !(r.stale() || "bad".equals(r.tone())))
              .thenComparing(ScenarioRow::name));
      return rows;
    }

    /** The database answer for a scenario from its last run: see {@link ReportModel.ScenarioRow}. */
    static String databaseText(DrillRecord last) {
      if (last.scenario() == null || last.scenario().migration() == null) {
        return "";
      }
      return switch (last.verdict()) {
        case PASSED, SLO_MISSED -> "rollback-safe: the previous version ran on the migrated schema ("
            + last.scenario().migration() + ")";
        case FORWARD_ONLY -> "forward-only: " + (last.reason() == null ? "blocked by " + last.scenario().migration()
            : last.reason().replaceFirst("^healthy: blocked by the migration: ", ""));
        case FAILED, ERROR, REFUSED -> "not checked: the last drill ended " + last.verdict().name();
      };
    }

    /**
     * Whether a run keeps its scenario fresh, by the rule {@code drill plan} applies to what is due:
     * a harness error says nothing about the rollback, and with {@link ReportOptions#freshOn()} a run
     * on another cluster (a laptop's rehearsal) does not make the drill done.
     */
    private boolean keepsFresh(DrillRecord r) {
      return DrillRecord.drilled(r)
          && (options.freshOn().isEmpty()
              || r.cluster() != null && options.freshOn().contains(r.cluster().provider()));
    }

    private String onClusters() {
      return options.freshOn().isEmpty()
          ? ""
          : " on " + String.join(" or ", new TreeSet<>(options.freshOn()));
    }

    /** Why a scenario that ran is stale, naming the runs that did not count when there are any. */
    private String staleText(String name, Run fresh, List<Run> runsOfScenario) {
      List<Run> uncounted = runsOfScenario.stream()
          .filter(r -> fresh == null || r.record().startedAt().isAfter(fresh.record().startedAt()))
          .filter(r -> !keepsFresh(r.record()))
          .toList();
      List<String> kinds = new ArrayList<>();
      if (uncounted.stream().anyMatch(r -> r.record().verdict() == Verdict.ERROR)) {
        kinds.add("harness errors");
      }
      if (uncounted.stream().anyMatch(r -> r.record().verdict() == Verdict.REFUSED)) {
        kinds.add("refused drills");
      }
      if (uncounted.stream().anyMatch(r -> DrillRecord.drilled(r.record()))) {
        kinds.add("runs on other clusters");
      }
      String notCounting = kinds.size() <= 1 ? String.join("", kinds)
          : String.join(", ", kinds.subList(0, kinds.size() - 1)) + " and " + kinds.get(kinds.size() - 1);
      if (fresh == null) {
        return "No drill that counts" + onClusters() + ": only " + notCounting;
      }
      return "Not drilled for "
          + Formats.ago(fresh.record().startedAt(), now).replace(" ago", "")
          + onClusters()
          + " (more than "
          + Formats.period(options.staleAfterFor(name))
          + ")"
          + (uncounted.isEmpty() ? "" : "; since then only " + notCounting);
    }

    private String staleRule() {
      return "Stale: not drilled"
          + onClusters()
          + " for more than "
          + Formats.period(options.staleAfter())
          + (options.staleAfterByScenario().isEmpty() ? "" : ", or the plan's period for planned scenarios")
          + "; harness errors and refused drills do not count.";
    }

    private static String tone(Verdict v) {
      return switch (v) {
        case PASSED -> "ok";
        case SLO_MISSED -> "warn";
        case FAILED, ERROR, FORWARD_ONLY -> "bad";
        case REFUSED -> "refused";
      };
    }

    // ---- phases ------------------------------------------------------------------------

    private Phases phases(List<Run> window) {
      Map<String, Distribution> byPhase = new LinkedHashMap<>();
      REPORTED_PHASES.forEach(p -> byPhase.put(p, new Distribution()));
      int counted = 0;
      for (Run run : window) {
        DrillRecord r = run.record();
        if (!Group.saysAboutTheRollback(r) || r.phaseNanos() == null) {
          continue;
        }
        boolean any = false;
        for (String phase : REPORTED_PHASES) {
          Long v = r.phaseNanos().get(phase);
          if (v != null && v >= 0) {
            byPhase.get(phase).add(v);
            any = true;
          }
        }
        counted += any ? 1 : 0;
      }
      long total = byPhase.values().stream().mapToLong(Distribution::sum).sum();
      List<PhaseRow> rows = new ArrayList<>();
      for (Map.Entry<String, Distribution> e : byPhase.entrySet()) {
        Distribution d = e.getValue();
        Summary s = d.summarize();
        double fraction = total == 0 ? 0 : (double) d.sum() / total;
        String[] text = PHASE_TEXT.get(e.getKey());
        rows.add(
            new PhaseRow(
                e.getKey(),
                text[0],
                text[1],
                d.count(),
                s == null ? Measure.none() : Measure.percentile(s.median()),
                s == null ? Measure.none() : Measure.percentile(s.p90()),
                total == 0 ? Measure.NONE_TEXT : Formats.percent(d.sum(), total),
                Charts.round(fraction * 100)));
      }
      return new Phases(windowLabel(), counted, rows);
    }

    // ---- procedures --------------------------------------------------------------------

    private List<ProcedureComparison> procedures(List<Run> window) {
      // Procedures are compared for the same failure on the same target: rolling back against
      // rolling forward from one broken release, not a baseline undo against a crash fix.
      Map<String, Map<String, Map<String, List<Run>>>> byTarget = new TreeMap<>();
      for (Run run : window) {
        String target = targetOf(run.record());
        if (target != null) {
          byTarget
              .computeIfAbsent(target, k -> new TreeMap<>())
              .computeIfAbsent(failureOf(run.record()), k -> new TreeMap<>())
              .computeIfAbsent(procedureOf(run.record()), k -> new ArrayList<>())
              .add(run);
        }
      }
      List<ProcedureComparison> out = new ArrayList<>();
      for (Map.Entry<String, Map<String, Map<String, List<Run>>>> t : byTarget.entrySet()) {
        for (Map.Entry<String, Map<String, List<Run>>> f : t.getValue().entrySet()) {
          if (f.getValue().size() >= 2) {
            out.add(comparison(t.getKey(), f.getKey(), f.getValue()));
          }
        }
      }
      return out;
    }

    private ProcedureComparison comparison(String target, String failure, Map<String, List<Run>> byProcedure) {
      List<ProcedureRow> rows = new ArrayList<>();
      String fastest = null;
      long fastestMedian = Long.MAX_VALUE;
      long slowestMedian = Long.MIN_VALUE;
      for (Map.Entry<String, List<Run>> p : byProcedure.entrySet()) {
        List<Run> list = p.getValue();
        Group g = Group.of(list);
        Summary s = g.times().summarize();
        if (s != null && s.median() < fastestMedian) {
          fastestMedian = s.median();
          fastest = p.getKey();
        }
        if (s != null) {
          slowestMedian = Math.max(slowestMedian, s.median());
        }
        Load load = Load.of(list);
        rows.add(
            new ProcedureRow(
                p.getKey(),
                list.size(),
                s == null ? Measure.none() : Measure.percentile(s.median()),
                s == null ? Measure.none() : Measure.percentile(s.p90()),
                g.withinSlo(),
                Formats.dateTime(list.get(list.size() - 1).record().startedAt(), zone),
                load.runs(),
                load.requests(),
                load.failed(),
                load.runs() == 0 ? Measure.NONE_TEXT : String.format(Locale.ROOT, "%,d", load.medianFailed()),
                load.requests() == 0 ? null : (double) load.failed() / load.requests(),
                Formats.percentOneDecimal(load.failed(), load.requests())));
      }
      String verdict;
      if (fastest == null) {
        verdict = "No procedure reached healthy here yet.";
      } else if (slowestMedian == fastestMedian) {
        verdict = "The procedures have the same median.";
      } else {
        verdict =
            fastest
                + " is fastest at the median, "
                + Formats.duration(fastestMedian)
                + "; the slowest takes "
                + String.format(Locale.ROOT, "%.1f", (double) slowestMedian / fastestMedian)
                + " times as long ("
                + Formats.duration(slowestMedian)
                + ").";
      }
      return new ProcedureComparison(target, failure, rows, verdict + impactVerdict(rows));
    }

    /** Which procedure users noticed least, by error rate, when two or more ran a load. */
    private static String impactVerdict(List<ProcedureRow> rows) {
      List<ProcedureRow> measured = rows.stream().filter(r -> r.errorRate() != null).toList();
      if (measured.size() < 2) {
        return "";
      }
      ProcedureRow least = measured.stream().min(Comparator.comparingDouble(ProcedureRow::errorRate)).orElseThrow();
      ProcedureRow most = measured.stream().max(Comparator.comparingDouble(ProcedureRow::errorRate)).orElseThrow();
      if (least.errorRateText().equals(most.errorRateText())) {
        return " Users saw the same error rate, " + least.errorRateText() + ", with each.";
      }
      return " Users saw fewest errors with "
          + least.procedure()
          + ": "
          + least.errorRateText()
          + " of requests failed, against "
          + most.errorRateText()
          + " with "
          + most.procedure()
          + ".";
    }

    // ---- rotation ----------------------------------------------------------------------

    private Rotation rotation(List<Run> window) {
      Map<String, Map<String, Integer>> byQuarter = new TreeMap<>();
      for (Run run : window) {
        byQuarter
            .computeIfAbsent(quarter(run.month()), k -> new HashMap<>())
            .merge(personOf(run.record()), 1, Integer::sum);
      }
      List<QuarterRow> rows = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      for (Map.Entry<String, Map<String, Integer>> q : byQuarter.entrySet()) {
        List<Person> people =
            q.getValue().entrySet().stream()
                .map(e -> new Person(e.getKey(), e.getValue()))
                .sorted(
                    Comparator.comparingInt(Person::runs).reversed().thenComparing(Person::name))
                .toList();
        int total = people.stream().mapToInt(Person::runs).sum();
        Person top = people.get(0);
        Share share = Share.of(top.runs(), total);
        boolean risk = (double) top.runs() / total > options.keyPersonShare();
        if (risk) {
          warnings.add(
              q.getKey()
                  + ": "
                  + top.name()
                  + " ran "
                  + top.runs()
                  + " of "
                  + Formats.count(total, "drill")
                  + " ("
                  + share.text()
                  + "), more than "
                  + Formats.percent(Math.round(options.keyPersonShare() * 1000), 1000)
                  + (people.size() == 1
                      ? "; nobody else ran one. Rotate who drills so that more people have done a"
                            + " rollback."
                      : ". Rotate who drills so that more people have done a rollback."));
        }
        rows.add(new QuarterRow(q.getKey(), total, people.size(), people, top.name(), share, risk));
      }
      java.util.Collections.reverse(rows); // newest first
      java.util.Collections.reverse(warnings);
      return new Rotation(windowLabel(), rows, warnings);
    }

    private static String quarter(YearMonth m) {
      return m.getYear() + " Q" + ((m.getMonthValue() - 1) / 3 + 1);
    }

    private static String personOf(DrillRecord r) {
      return r.executedBy() == null || r.executedBy().isBlank()
          ? "(unknown)"
          : r.executedBy().trim();
    }

    // ---- failures ----------------------------------------------------------------------

    /** The runs of the window with one of {@code verdicts}, newest first. */
    private Failures failures(List<Run> window, Set<Verdict> verdicts) {
      List<FailureRow> shown = new ArrayList<>();
      int total = 0;
      for (int i = window.size() - 1; i >= 0; i--) {
        DrillRecord r = window.get(i).record();
        if (!verdicts.contains(r.verdict())) {
          continue;
        }
        total++;
        if (shown.size() < MAX_FAILURES_SHOWN) {
          shown.add(
              new FailureRow(
                  Formats.dateTime(r.startedAt(), zone),
                  r.scenario().name(),
                  r.verdict().name(),
                  procedureOf(r),
                  personOf(r),
                  r.reason() == null || r.reason().isBlank()
                      ? "(no reason recorded)"
                      : r.reason()));
        }
      }
      return new Failures(windowLabel(), total, shown, total - shown.size());
    }

    // ---- attention ---------------------------------------------------------------------

    private List<String> attention(
        Headline headline, List<ScenarioRow> scenarios, Rotation rotation) {
      List<String> out = new ArrayList<>();
      List<String> stale =
          scenarios.stream().filter(ScenarioRow::stale).map(ScenarioRow::name).toList();
      if (!stale.isEmpty()) {
        out.add(
            stale.size()
                + (stale.size() == 1 ? " scenario has" : " scenarios have")
                + (options.staleAfterByScenario().isEmpty()
                    ? " not been drilled in " + Formats.period(options.staleAfter())
                    : stale.size() == 1
                        ? " not been drilled within its planned period"
                        : " not been drilled within their planned periods")
                + ": "
                + namesList(stale)
                + ".");
      }
      if (headline.failed() > 0) {
        out.add(
            Formats.count(headline.failed(), "drill")
                + " failed or hit a harness error in "
                + headline.month()
                + "; see Failed drills.");
      }
      if (headline.forwardOnly() > 0) {
        out.add(
            Formats.count(headline.forwardOnly(), "drill")
                + " in "
                + headline.month()
                + " showed a release's database migration blocking the rollback of the code (forward-only): the"
                + " previous version cannot run on the migrated schema; see Scenarios.");
      }
      if (headline.refused() > 0) {
        out.add(
            Formats.count(headline.refused(), "drill")
                + (headline.refused() == 1 ? " was" : " were")
                + " refused before anything changed in "
                + headline.month()
                + ", so not drilled; see Refused drills.");
      }
      // The current quarter and the one before: older risks are history, not news.
      String current = quarter(reportMonth);
      String previous = quarter(reportMonth.minusMonths(3));
      for (String w : rotation.warnings()) {
        if (w.startsWith(current + ":") || w.startsWith(previous + ":")) {
          out.add("Key-person risk in " + w);
        }
      }
      if (!inputWarnings.isEmpty()) {
        out.add(
            inputWarnings.size()
                + (inputWarnings.size() == 1 ? " history file was" : " history files were")
                + " skipped as unreadable; see Warnings.");
      }
      return out;
    }


  private static String namesList(List<String> names) {
      int shown = Math.min(5, names.size());
      String list = String.join(", ", names.subList(0, shown));
      return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }
  }

  /** The DORA band a median recovery time falls in. */
  static Dora dora(Measure median) {
    String basis = ". DORA 2023+ band for failed deployment recovery time, from the median.";
    if (median.nanos() == null) {
      return new Dora("none", "No band", "No drill reached healthy this month, so no band.");
    }
    Duration d = Duration.ofNanos(median.nanos());
    if (d.compareTo(Duration.ofHours(1)) < 0) {
      return new Dora("elite", "Elite", "Less than one hour" + basis);
    }
    if (d.compareTo(Duration.ofDays(1)) < 0) {
      return new Dora("high", "High", "Less than one day" + basis);
    }
    if (d.compareTo(Duration.ofDays(7)) < 0) {
      return new Dora("medium", "Medium", "Less than one week" + basis);
    }
    return new Dora("low", "Low", "A week or more" + basis);
  }

  // ---- shared helpers ------------------------------------------------------------------

  static String procedureOf(DrillRecord r) {
    String p = r.scenario().procedure();
    return p == null || p.isBlank() ? "(unspecified)" : p;
  }

  /**
   * The failure a drill rehearsed: its fault ("bad-config"), or the change type without one, and
   * the candidate's change-cause when it has one, since one fault covers many failures (a wrong
   * database URL and an HTTP 500 are both bad config). Scenarios that rehearse the same failure
   * with different procedures say so by giving the same change-cause.
   */
  static String failureOf(DrillRecord r) {
    String fault = r.scenario().fault();
    String kind = fault != null && !fault.isBlank() ? fault
        : r.scenario().change() == null || r.scenario().change().isBlank() ? "(unspecified)" : r.scenario().change();
    String cause = r.candidate() == null ? null : r.candidate().changeCause();
    return cause == null || cause.isBlank() ? kind : kind + " (" + cause + ")";
  }

  static String targetOf(DrillRecord r) {
    if (r.deployment() == null || r.deployment().isBlank()) {
      return null;
    }
    return (r.namespace() == null || r.namespace().isBlank() ? "default" : r.namespace())
        + "/"
        + r.deployment();
  }

  /** A record with the calendar month it started in, in the report's zone. */
  private record Run(DrillRecord record, YearMonth month) {}

  /**
   * Times of runs that reached healthy, failed count, refused count and SLO share of a set of
   * runs.
   */
  private record Group(Distribution times, int failed, int refused, int forwardOnly, Share withinSlo) {
    /**
     * Not a harness error, not refused, and not blocked by a migration: the rollback was drilled as
     * a rollback, so the run says something about how fast it is. A forward-only run says something
     * about the release instead, and is counted on its own.
     */
    static boolean saysAboutTheRollback(DrillRecord r) {
      return r.verdict() != Verdict.ERROR && r.verdict() != Verdict.REFUSED && r.verdict() != Verdict.FORWARD_ONLY;
    }

    static Group of(List<Run> runs) {
      Distribution times = new Distribution();
      int failed = 0;
      int refused = 0;
      int forwardOnly = 0;
      int eligible = 0;
      int within = 0;
      for (Run run : runs) {
        DrillRecord r = run.record();
        if (r.verdict() == Verdict.FAILED || r.verdict() == Verdict.ERROR) {
          failed++;
        }
        if (r.verdict() == Verdict.REFUSED) {
          refused++;
        }
        if (r.verdict() == Verdict.FORWARD_ONLY) {
          forwardOnly++;
        }
        if (!saysAboutTheRollback(r)) {
          continue; // the harness failed, or the drill never began: nothing was learned about the rollback
        }
        eligible++;
        if (r.withinSlo()) {
          within++;
        }
        if (r.triggerToHealthyNanos() != null) {
          times.add(r.triggerToHealthyNanos());
        }
      }
      return new Group(times, failed, refused, forwardOnly, Share.of(within, eligible));
    }
  }

  /**
   * What a synthetic load saw over a set of runs: how many ran one, requests and failed requests
   * summed over them, and the median of failed requests a drill (exact: these are a few counts).
   */
  private record Load(int runs, long requests, long failed, long medianFailed) {
    static Load of(List<Run> runs) {
      List<Long> failedPerRun = new ArrayList<>();
      long requests = 0;
      long failed = 0;
      for (Run run : runs) {
        DrillRecord r = run.record();
        if (!Group.saysAboutTheRollback(r) || r.impact() == null || r.impact().total() == null) {
          continue;
        }
        failedPerRun.add(r.impact().total().failed());
        requests += r.impact().total().requests();
        failed += r.impact().total().failed();
      }
      failedPerRun.sort(null);
      // The lower median, as the percentiles elsewhere: the value at rank ceil(n / 2).
      long median = failedPerRun.isEmpty() ? 0 : failedPerRun.get((failedPerRun.size() + 1) / 2 - 1);
      return new Load(failedPerRun.size(), requests, failed, median);
    }
  }

  /**
   * User impact next to time, for the last run of a scenario that ran a synthetic load: "rolled
   * back in 38 s; 212 failed requests of 5170 (4.1%)". Empty without a load.
   */
  static String impactText(DrillRecord r) {
    if (r.impact() == null || r.impact().total() == null) {
      return "";
    }
    DrillRecord.LoadStats t = r.impact().total();
    String time = r.triggerToHealthyNanos() == null
        ? "not recovered"
        : "rolled back in " + Formats.duration(r.triggerToHealthyNanos());
    return time + "; " + Formats.count(t.failed(), "failed request")
        + " of " + t.requests() + " (" + Formats.percentOneDecimal(t.failed(), t.requests()) + ")";
  }
}
