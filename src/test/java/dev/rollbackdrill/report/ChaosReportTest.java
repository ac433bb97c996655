package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's chaos section: per procedure drilled under chaos, its trigger-to-healthy calm and
 * under each chaos condition side by side; procedures never drilled under chaos are not in it.
 */
class ChaosReportTest {

  private static final Instant NOW = Instant.parse("2026-12-20T12:00:00Z");

  private static final String QUOTA = "quota-squeeze: a ResourceQuota leaving no room for one more pod in the namespace, as"
      + " trigger begins, for 10s";
  private static final String KILL = "pod-kill: kill 1 pod of the known-good pods, as healthy begins, until the rollback"
      + " is over";
  private static final String CPU = "cpu-pressure: 2 noisy-neighbour pods burning CPU on the target's node, as trigger"
      + " begins, for 20s";

  private static ReportModel model() {
    List<DrillRecord> runs = List.of(
        // Calm rollout-undo: 4.0, 4.1 and 5.0 s; the errored and refused ones say nothing.
        drill("noop-undo", "2026-11-02T10:00:00Z").took(secs(4.0)).build(),
        drill("noop-undo", "2026-11-09T10:00:00Z").took(secs(4.1)).build(),
        drill("crash-undo", "2026-12-01T10:00:00Z").took(secs(5.0)).build(),
        drill("noop-undo", "2026-12-02T10:00:00Z").error("harness").build(),
        drill("noop-undo", "2026-12-03T10:00:00Z").refused("not opted in").build(),
        // rollout-undo under a quota squeeze: 11.0 s, 11.8 s, a failed drill that did get healthy (30 s), and one that
        // never did (counted, but no time).
        quota("2026-11-04T10:00:00Z", "held the namespace at 2 pods for 9.8s").took(secs(11.0)).build(),
        quota("2026-11-11T10:00:00Z", "held the namespace at 2 pods for 9.9s").failed("verify: 3 restarts")
            .took(secs(30)).build(),
        quota("2026-12-04T10:00:00Z", "held the namespace at 2 pods for 1m00s").failed("healthy: not healthy within"
            + " 60s; under chaos: quota-squeeze (held the namespace at 2 pods for 1m00s)").build(),
        quota("2026-12-05T10:00:00Z", "held the namespace at 2 pods for 10.0s").took(secs(11.8)).build(),
        // Two injections at once: one condition of its own.
        drill("chaos-mixed-undo", "2026-12-06T10:00:00Z").took(secs(8.2)).chaos("pod-kill", KILL, secs(0), "killed 1 pod")
            .chaos("cpu-pressure", CPU, secs(20), "2 noisy neighbours ran 20.0s").build(),
        // Out of the window: not counted.
        quota("2025-10-04T10:00:00Z", "held the namespace at 2 pods for 10.0s").took(secs(100)).build(),
        // Only ever drilled under chaos: no calm figures, no ratio.
        drill("chaos-runbook", "2026-12-07T10:00:00Z").procedure("runbook").took(secs(20))
            .chaos("pod-kill", KILL, secs(0), "killed 1 pod").build(),
        // Calm only, and chaos only in an errored drill: neither is in the section.
        drill("http500-forward", "2026-12-08T10:00:00Z").procedure("roll-forward").took(secs(30)).build(),
        drill("chaos-switch", "2026-12-09T10:00:00Z").procedure("service-switch").error("harness")
            .chaos("pod-kill", KILL, secs(0), "no live pod to kill").build());
    return TrendReport.compute(runs, List.of(), ReportOptions.defaults(NOW));
  }

  private static Drills.Builder quota(String at, String did) {
    return drill("chaos-quota-squeeze-undo", at).chaos("quota-squeeze", QUOTA, secs(10), did);
  }

  @Test
  void eachProcedureShowsItsTimeCalmAndUnderEachChaosCondition() {
    List<ReportModel.ChaosComparison> chaos = model().chaos();

    assertThat(chaos).extracting(ReportModel.ChaosComparison::procedure).containsExactly("rollout-undo", "runbook");
    ReportModel.ChaosComparison undo = chaos.get(0);
    assertThat(undo.calmRuns()).as("errored and refused drills are left out").isEqualTo(3);
    assertThat(undo.calmFailed()).isZero();
    assertThat(undo.calmMedian().text()).isEqualTo("4.10 s");
    assertThat(undo.calmP90().text()).isEqualTo("5.00 s");
    assertThat(undo.conditions()).extracting(ReportModel.ChaosCondition::kinds)
        .containsExactly("pod-kill, cpu-pressure", "quota-squeeze");

    ReportModel.ChaosCondition quota = undo.conditions().get(1);
    assertThat(quota.spec()).isEqualTo(QUOTA);
    assertThat(quota.runs()).as("the failed drill without a time counts, the one out of the window does not").isEqualTo(4);
    assertThat(quota.failed()).isEqualTo(2);
    assertThat(quota.median().text()).as("11.0, 11.8 and the failed drill's 30 s").isEqualTo("11.8 s");
    assertThat(quota.p90().text()).isEqualTo("30.0 s");
    assertThat(quota.ratioText()).isEqualTo("2.9x");
    assertThat(quota.ratio()).isBetween(2.85, 2.90);
    assertThat(quota.example()).as("the latest drill's").isEqualTo("held the namespace at 2 pods for 10.0s");
    assertThat(quota.line()).isEqualTo("rollout-undo: 4.10 s calm, 11.8 s with quota-squeeze (held the namespace at 2 pods"
        + " for 10.0s); 2 of 4 drills failed");

    ReportModel.ChaosCondition mixed = undo.conditions().get(0);
    assertThat(mixed.spec()).isEqualTo(KILL + "; " + CPU);
    assertThat(mixed.runs()).isEqualTo(1);
    assertThat(mixed.median().text()).isEqualTo("8.20 s");
    assertThat(mixed.ratioText()).isEqualTo("2.0x");
    assertThat(mixed.line()).isEqualTo("rollout-undo: 4.10 s calm, 8.20 s with pod-kill, cpu-pressure (killed 1 pod; 2 noisy"
        + " neighbours ran 20.0s)");

    ReportModel.ChaosComparison runbook = chaos.get(1);
    assertThat(runbook.calmRuns()).isZero();
    assertThat(runbook.calmMedian().text()).isEqualTo("—");
    ReportModel.ChaosCondition kill = runbook.conditions().get(0);
    assertThat(kill.median().text()).isEqualTo("20.0 s");
    assertThat(kill.ratio()).isNull();
    assertThat(kill.ratioText()).as("no calm drills, no ratio").isEmpty();
    assertThat(kill.line()).isEqualTo("runbook: no calm drill, 20.0 s with pod-kill (killed 1 pod)");
  }

  @Test
  void allRenderingsShowTheSideBySide() {
    ReportModel m = model();
    String line = "rollout-undo: 4.10 s calm, 11.8 s with quota-squeeze (held the namespace at 2 pods for 10.0s); 2 of 4"
        + " drills failed";

    assertThat(ReportWriter.html(m)).contains("<h2 id=\"chaos-title\">Chaos during the rollback</h2>", "<li>" + line + "</li>",
        "<td class=\"num\" data-label=\"Ratio\">2.9x</td>");
    assertThat(ReportWriter.markdown(m)).contains("**Chaos during the rollback**", "- " + line + "\n",
        "| calm | 3 | 0 | 4.10 s | 5.00 s |  |", "| " + QUOTA + " | 4 | 2 | 11.8 s | 30.0 s | 2.9x |");
    assertThat(ReportWriter.json(m)).contains("\"chaos\" : [", "\"ratioText\" : \"2.9x\"");
  }

  @Test
  void aCalmHistoryHasNoSection() {
    ReportModel m = TrendReport.compute(List.of(drill("noop-undo", "2026-12-05T10:00:00Z").took(secs(4)).build(),
        drill("http500-forward", "2026-12-06T10:00:00Z").procedure("roll-forward").took(secs(30)).build()), List.of(),
        ReportOptions.defaults(NOW));

    assertThat(m.chaos()).isEmpty();
    assertThat(ReportWriter.html(m)).doesNotContain("chaos-title");
    assertThat(ReportWriter.markdown(m)).doesNotContain("Chaos during the rollback");
  }
}
