package dev.rollbackdrill.report;

import java.util.List;

/**
 * Everything the trend report shows, computed by {@link TrendReport} before anything is rendered:
 * numbers with their human-readable text, chart coordinates, flags and sentences. The HTML page,
 * the Markdown summary and the JSON file are all laid out from one instance, and their templates do
 * no arithmetic. Durations are {@link Measure}s (nanoseconds and text); shares are {@link Share}s
 * (counts and text); a value that does not exist is a measure with {@code nanos == null} and the
 * text "—", so layouts never test for null. When {@link #empty()} is true there are no drills and
 * only the title, generation time and {@link #emptyHint()} carry content.
 */
public record ReportModel(
    String title,
    String generatedAt,
    String zone,
    boolean empty,
    String emptyHint,
    Summary summary,
    Headline headline,
    List<String> attention,
    Trend trend,
    List<ScenarioRow> scenarios,
    Phases phases,
    List<ProcedureComparison> procedures,
    Rotation rotation,
    Failures failures,
    Failures refusals,
    List<String> warnings,
    List<CanaryScenario> canaries,
    List<ChaosComparison> chaos) {

  /** A duration in nanoseconds and as text ("1.84 s", "2 m 05 s"); nanos null when absent. */
  public record Measure(Long nanos, String text) {
    static final String NONE_TEXT = "—";

    static Measure none() {
      return new Measure(null, NONE_TEXT);
    }

    static Measure of(long nanos) {
      return new Measure(nanos, Formats.duration(nanos));
    }

    /**
     * A percentile read from a histogram, which clamps at {@link Distribution#HIGHEST_TRACKABLE}.
     */
    static Measure percentile(long nanos) {
      return nanos >= Distribution.HIGHEST_TRACKABLE
          ? new Measure(
              Distribution.HIGHEST_TRACKABLE,
              "over " + Formats.duration(Distribution.HIGHEST_TRACKABLE))
          : of(nanos);
    }
  }

  /** Part of a whole ("23 of 25 within SLO"): fraction null and text "—" when whole is 0. */
  public record Share(int part, int whole, Double fraction, String text) {
    static Share of(int part, int whole) {
      return whole == 0
          ? new Share(0, 0, null, Measure.NONE_TEXT)
          : new Share(part, whole, (double) part / whole, Formats.percent(part, whole));
    }
  }

  /**
   * What the history holds: run and scenario counts, first to last month, the SLO line, the
   * default staleness period and the staleness rule in words.
   */
  public record Summary(
      int runs,
      String runsText,
      int scenarios,
      String period,
      String window,
      Measure slo,
      String sloNote,
      String staleAfter,
      String staleRule) {}

  /**
   * The one-minute read: one month's median and p90 trigger-to-healthy across all drills, the
   * change against the month before, the share within SLO and the DORA band. {@code failed}
   * counts failed and errored drills; {@code refused} those refused before anything changed,
   * which are neither failures nor drills of the rollback; {@code forwardOnly} those whose release's
   * migration blocked the rollback of the code, counted apart from failures and left out of the times.
   */
  public record Headline(
      String month,
      String monthNote,
      int runs,
      int failed,
      int refused,
      int forwardOnly,
      Measure median,
      Measure p90,
      Change change,
      Share withinSlo,
      String withinSloText,
      Dora dora) {}

  /**
   * Change of the median against the previous month; direction "faster", "slower", "same" or
   * "none".
   */
  public record Change(String direction, Double percent, Measure previous, String text) {}

  /**
   * The DORA performance band (2023 onwards) of failed deployment recovery time that the headline
   * median corresponds to: elite under an hour, high under a day, medium under a week, low
   * otherwise. Band is "elite", "high", "medium", "low" or "none".
   */
  public record Dora(String band, String label, String text) {}

  /**
   * The monthly series (all months, oldest first, gaps included), the recent months newest first
   * for a table, and the chart twice: wide for screens and print, compact for phones.
   */
  public record Trend(
      List<MonthPoint> months, List<MonthPoint> recent, Chart chart, Chart compactChart) {}

  /** One calendar month; gap when no run reached healthy in it. */
  public record MonthPoint(
      String month,
      String label,
      int runs,
      int failed,
      Measure median,
      Measure p90,
      Measure max,
      Share withinSlo,
      boolean gap) {}

  /**
   * Trend chart geometry in SVG user units, computed in Java: the plot area, one series per line
   * (each split into polyline segments at gap months, single months as dots), shaded gap months,
   * the SLO line and the axis ticks.
   */
  public record Chart(
      int width,
      int height,
      double plotLeft,
      double plotTop,
      double plotRight,
      double plotBottom,
      List<Series> series,
      List<Band> gaps,
      SloLine slo,
      List<Tick> yTicks,
      double yLabelX,
      List<Tick> xTicks,
      double xLabelY,
      String description,
      String note) {}

  /** One line: its name ("median"), CSS class, polyline point lists and lone dots. */
  public record Series(String name, String cssClass, List<String> segments, List<Dot> dots) {}

  /** A point on a chart, with a tooltip. */
  public record Dot(double x, double y, String title) {}

  /** A shaded vertical band (a month without drills). */
  public record Band(double x, double y, double width, double height, String title) {}

  /** A horizontal reference line and its label; shown false when it is above the chart. */
  public record SloLine(
      boolean shown, double y, double x1, double x2, double labelX, double labelY, String label) {}

  /** An axis label and where it goes on its axis. */
  public record Tick(double position, String label) {}

  /** A small line chart in one table cell. */
  public record Sparkline(
      int width, int height, List<String> segments, List<Dot> dots, Dot last, String description) {}

  /**
   * One scenario: its last run, recent median and p90, sparkline, stale flag, procedures. A planned
   * scenario that never ran has {@code runs} 0, last run "never" and verdict "NOT RUN" (tone
   * "none"), and is stale. {@code database}, for a scenario whose release has a migration, answers
   * whether its rollback survives the migration: "rollback-safe", "forward-only: why" or "not
   * checked: ..." (its last drill said nothing either way); empty for a scenario without one.
   */
  public record ScenarioRow(
      String name,
      String lastRun,
      String lastRunAgo,
      String lastVerdict,
      String tone,
      int runs,
      Measure median,
      Measure p90,
      Sparkline sparkline,
      boolean stale,
      String staleText,
      List<String> procedures,
      String lastImpact,
      String database) {}

  /** Where the time goes, phase by phase, over the recent window. */
  public record Phases(String scope, int runs, List<PhaseRow> rows) {}

  /**
   * One phase: its median and p90, and its share of the time summed over all phases shown ("62%",
   * and the same as a bar width in percent).
   */
  public record PhaseRow(
      String phase,
      String label,
      String meaning,
      int runs,
      Measure median,
      Measure p90,
      String share,
      double barPercent) {}

  /**
   * One failure ({@code failure}: the fault, or the change type when there is none) on one target
   * (namespace/deployment), drilled with more than one procedure: rolling back against rolling
   * forward for the same failure, say. The verdict compares their times and what users saw.
   */
  public record ProcedureComparison(
      String target, String failure, List<ProcedureRow> rows, String verdict) {}

  /**
   * One procedure's figures for a shared target and failure: times, and the user impact of the
   * runs that ran a synthetic load ({@code loadRuns} of them): failed requests in total and the
   * median a drill, and the error rate, failed of all requests, with one decimal ("4.1%"). Impact
   * texts are "—" without a load.
   */
  public record ProcedureRow(
      String procedure,
      int runs,
      Measure median,
      Measure p90,
      Share withinSlo,
      String lastRun,
      int loadRuns,
      long requests,
      long failedRequests,
      String failedPerDrill,
      Double errorRate,
      String errorRateText) {}

  /** Who ran the drills, quarter by quarter, and key-person warnings. */
  public record Rotation(String scope, List<QuarterRow> quarters, List<String> warnings) {}

  /** One quarter: runs, distinct people, who ran how many, the top person's share. */
  public record QuarterRow(
      String quarter,
      int runs,
      int people,
      List<Person> byPerson,
      String topPerson,
      Share topShare,
      boolean keyPersonRisk) {}

  /** Someone who ran drills, and how many. */
  public record Person(String name, int runs) {}

  /**
   * Failed and errored drills (or, as {@code refusals}, drills refused before anything changed),
   * newest first; omitted counts those beyond the list.
   */
  public record Failures(String scope, int total, List<FailureRow> shown, int omitted) {}

  /** One failed, errored or refused drill and its reason. */
  public record FailureRow(
      String when,
      String scenario,
      String verdict,
      String procedure,
      String executedBy,
      String reason) {}

  /**
   * One canary scenario, month by month over the window: {@code procedure} says who rolled the canary
   * back (the drill, {@code canary-abort}, or the team's automation, {@code automatic}).
   */
  public record CanaryScenario(String scenario, String procedure, String share, List<CanaryMonth> months) {}

  /**
   * A month of one canary scenario: drills that reached a decision; the time from canary live to
   * the decision (the analysis's, or the automation's rollback), median and slowest; user requests
   * the canary served of those made while it was live, and how many of all failed.
   */
  public record CanaryMonth(
      String month, int runs, Measure detectMedian, Measure detectMax, String exposed, String failed) {}

  /**
   * One rollback procedure drilled under chaos over the window: its calm drills (no chaos) with how
   * many failed and their median and p90 trigger-to-healthy, and one row per chaos condition.
   */
  public record ChaosComparison(
      String procedure, int calmRuns, int calmFailed, Measure calmMedian, Measure calmP90, List<ChaosCondition> conditions) {}

  /**
   * One chaos condition of a procedure: the injections' kinds ("quota-squeeze", "pod-kill,
   * cpu-pressure") and what the scenario asked ({@code spec}, one per injection, "; " between);
   * what the injections did in its latest drill ({@code example}); its drills, how many failed,
   * median and p90 trigger-to-healthy of those that got healthy; the ratio of its median to the calm
   * median (null, text empty, without calm drills or a time); and the two side by side in a line:
   * "rollout-undo: 4.10 s calm, 11.8 s with quota-squeeze (held the namespace at 2 pods for 10.0s)".
   */
  public record ChaosCondition(
      String kinds,
      String spec,
      String example,
      int runs,
      int failed,
      Measure median,
      Measure p90,
      Double ratio,
      String ratioText,
      String line) {}
}
