package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's canary section: per canary scenario, month over month, the time from canary live
 * to decision and the users' requests the canary served; drills with no canary are not in it.
 */
class CanaryReportTest {

  private static final Instant NOW = Instant.parse("2026-12-20T12:00:00Z");

  private static ReportModel model() {
    List<DrillRecord> runs = List.of(
        drill("canary-latency", "2026-11-03T10:00:00Z").procedure("canary-abort").took(secs(0.1))
            .canary(0.05, secs(3.1), 90, 5, 0).build(),
        drill("canary-latency", "2026-12-01T10:00:00Z").procedure("canary-abort").took(secs(0.1))
            .canary(0.05, secs(2.9), 100, 4, 0).build(),
        drill("canary-latency", "2026-12-08T10:00:00Z").procedure("canary-abort").took(secs(0.1))
            .canary(0.05, secs(4.5), 110, 7, 1).build(),
        // The automation never fired: its exposure counts, its time is no detection time.
        drill("canary-auto", "2026-12-09T10:00:00Z").procedure("automatic").failed("detect: the automated rollback did"
            + " not fire within 60s").canary(0.05, secs(60), 1200, 60, 0).build(),
        drill("canary-auto", "2026-12-10T10:00:00Z").procedure("automatic").error("harness")
            .canary(0.05, secs(1), 10, 1, 0).build(),
        drill("plain", "2026-12-05T10:00:00Z").took(secs(8)).build());
    return TrendReport.compute(runs, List.of(), ReportOptions.defaults(NOW));
  }

  @Test
  void eachCanaryScenarioShowsDetectionAndExposureMonthByMonth() {
    List<ReportModel.CanaryScenario> canaries = model().canaries();

    assertThat(canaries).extracting(ReportModel.CanaryScenario::scenario).containsExactly("canary-auto", "canary-latency");
    ReportModel.CanaryScenario latency = canaries.get(1);
    assertThat(latency.procedure()).isEqualTo("canary-abort");
    assertThat(latency.share()).isEqualTo("5%");
    assertThat(latency.months()).extracting(ReportModel.CanaryMonth::month).containsExactly("Nov 2026", "Dec 2026");
    ReportModel.CanaryMonth dec = latency.months().get(1);
    assertThat(dec.runs()).isEqualTo(2);
    assertThat(dec.detectMedian().text()).isEqualTo("2.90 s");
    assertThat(dec.detectMax().text()).isEqualTo("4.50 s");
    assertThat(dec.exposed()).isEqualTo("11 of 210 (5.2%)");
    assertThat(dec.failed()).isEqualTo("1 (0.5%)");

    ReportModel.CanaryMonth auto = canaries.get(0).months().get(0);
    assertThat(auto.runs()).as("the errored drill says nothing").isEqualTo(1);
    assertThat(auto.detectMedian().text()).as("no decision, no time").isEqualTo("—");
    assertThat(auto.exposed()).isEqualTo("60 of 1200 (5.0%)");
  }

  @Test
  void bothRenderingsShowTheSection() {
    ReportModel m = model();

    assertThat(ReportWriter.html(m)).contains("<h2 id=\"canaries-title\">Canaries</h2>",
        "<strong>canary-latency</strong>: canary-abort, 5% of the traffic", "<td class=\"num\" data-label=\"Served by the"
            + " canary\">11 of 210 (5.2%)</td>");
    assertThat(ReportWriter.markdown(m)).contains("**Canaries**", "| Dec 2026 | 2 | 2.90 s | 4.50 s | 11 of 210 (5.2%) |"
        + " 1 (0.5%) |");
  }

  @Test
  void aHistoryWithoutCanariesHasNoSection() {
    ReportModel m = TrendReport.compute(List.of(drill("plain", "2026-12-05T10:00:00Z").took(secs(8)).build()), List.of(),
        ReportOptions.defaults(NOW));

    assertThat(m.canaries()).isEmpty();
    assertThat(ReportWriter.html(m)).doesNotContain("canaries-title");
  }
}
