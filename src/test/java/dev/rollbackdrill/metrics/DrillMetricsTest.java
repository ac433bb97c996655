package dev.rollbackdrill.metrics;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics of a history, in both text formats, as Prometheus would read them. */
class DrillMetricsTest {

  private static final List<DrillRecord> HISTORY = List.of(
      drill("undo", "2026-10-01T10:00:00Z").took(secs(4)).load(200, 3).build(),
      drill("undo", "2026-11-01T10:00:00Z").took(secs(6)).load(200, 5).build(),
      drill("undo", "2026-12-01T10:00:00Z").took(secs(90)).build(), // over the 60 s SLO
      drill("undo", "2026-12-02T10:00:00Z").failed("healthy: timed out").build(),
      drill("undo", "2026-12-03T10:00:00Z").refused("a rollout in progress").build(),
      drill("flag", "2026-11-15T10:00:00Z").procedure("flag-off").took(secs(0.5)).build());

  @Test
  void summarisesTriggerToHealthyPerScenarioAndProcedureWithTheHistorysPercentiles() {
    String text = DrillMetrics.text(DrillMetrics.of(HISTORY), DrillMetrics.Format.PROMETHEUS);

    assertThat(text).contains("# TYPE rollback_drill_trigger_to_healthy_seconds summary\n");
    assertThat(value(text, "rollback_drill_trigger_to_healthy_seconds{procedure=\"rollout-undo\",scenario=\"undo\","
        + "quantile=\"0.5\"}")).isBetween(6.0, 6.006);
    assertThat(text).contains(
        "rollback_drill_trigger_to_healthy_seconds_count{procedure=\"rollout-undo\",scenario=\"undo\"} 3\n",
        "rollback_drill_trigger_to_healthy_seconds_sum{procedure=\"rollout-undo\",scenario=\"undo\"} 100.0\n",
        "rollback_drill_trigger_to_healthy_seconds_count{procedure=\"flag-off\",scenario=\"flag\"} 1\n");
    // HdrHistogram's value at the percentile: within 0.1% of the recorded 90 s.
    assertThat(value(text, "rollback_drill_trigger_to_healthy_seconds{procedure=\"rollout-undo\",scenario=\"undo\","
        + "quantile=\"0.99\"}")).isBetween(90.0, 90.1);
  }

  @Test
  void countsDrillsByVerdictAndUserRequestsAndDatesTheLastSuccess() {
    String text = DrillMetrics.text(DrillMetrics.of(HISTORY), DrillMetrics.Format.PROMETHEUS);

    assertThat(text).contains(
        "rollback_drill_drills_total{scenario=\"undo\",verdict=\"passed\"} 2.0\n",
        "rollback_drill_drills_total{scenario=\"undo\",verdict=\"slo_missed\"} 1.0\n",
        "rollback_drill_drills_total{scenario=\"undo\",verdict=\"failed\"} 1.0\n",
        "rollback_drill_drills_total{scenario=\"undo\",verdict=\"refused\"} 1.0\n",
        "rollback_drill_requests_total{scenario=\"undo\"} 400.0\n",
        "rollback_drill_failed_requests_total{scenario=\"undo\"} 8.0\n",
        "rollback_drill_slo_seconds{scenario=\"undo\"} 60.0\n");
    // Ended a minute after it started; the last pass was November's, the last drill December 2nd's
    // failure (a refusal is not a drill), and the last healthy one took 90 s.
    assertThat(value(text, "rollback_drill_last_success_timestamp_seconds{scenario=\"undo\"}"))
        .isEqualTo(Instant.parse("2026-11-01T10:01:00Z").getEpochSecond());
    assertThat(value(text, "rollback_drill_last_drill_timestamp_seconds{scenario=\"undo\"}"))
        .isEqualTo(Instant.parse("2026-12-02T10:01:00Z").getEpochSecond());
    assertThat(value(text, "rollback_drill_last_trigger_to_healthy_seconds{scenario=\"undo\"}")).isEqualTo(90.0);
  }

  @Test
  void aScenarioThatNeverPassedHasNoLastSuccessSoAnAlertOnAbsenceFires() {
    String text = DrillMetrics.text(DrillMetrics.of(List.of(drill("new", "2026-12-01T10:00:00Z").failed("x").build())),
        DrillMetrics.Format.PROMETHEUS);

    assertThat(text).doesNotContain("rollback_drill_last_success_timestamp_seconds{")
        .contains("rollback_drill_drills_total{scenario=\"new\",verdict=\"failed\"} 1.0\n")
        .doesNotContain("rollback_drill_trigger_to_healthy_seconds_count{");
  }

  @Test
  void openMetricsNamesCountersWithoutTotalInTheirTypeLineAndEndsWithEof() {
    String text = DrillMetrics.text(DrillMetrics.of(HISTORY), DrillMetrics.Format.OPENMETRICS);

    assertThat(text).contains("# TYPE rollback_drill_drills counter\n", "# UNIT rollback_drill_slo_seconds seconds\n",
        "rollback_drill_drills_total{scenario=\"undo\",verdict=\"passed\"} 2.0\n").endsWith("# EOF\n");
    assertThat(DrillMetrics.Format.OPENMETRICS.contentType()).startsWith("application/openmetrics-text");
    assertThat(DrillMetrics.Format.PROMETHEUS.contentType()).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void anEmptyHistoryHasNoMetrics() {
    assertThat(DrillMetrics.text(DrillMetrics.of(new ArrayList<>()), DrillMetrics.Format.PROMETHEUS)).isEmpty();
  }

  private static double value(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
  }
}
