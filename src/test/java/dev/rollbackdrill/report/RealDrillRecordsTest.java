package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillHistory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The report over records that real drill runs wrote (the engine against the local cluster,
 * November 2026): passes in milliseconds and seconds, an SLO miss against a 1 ms SLO, harness
 * errors, one target drilled with two procedures (for different failures), one person running
 * everything.
 */
class RealDrillRecordsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

  private static ReportModel model() throws IOException, URISyntaxException {
    Path drills = Path.of(RealDrillRecordsTest.class.getResource("real-drills").toURI());
    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.records()).hasSize(11);
    return TrendReport.compute(loaded.records(), loaded.warnings(), ReportOptions.defaults(NOW));
  }

  @Test
  void summarizesTheRunsThatReachedHealthyAndCountsErrorsApart() throws Exception {
    ReportModel m = model();

    // Six runs reached healthy: 74 ms, 106 ms, 109 ms, 146 ms, 3.04 s and 3.84 s.
    assertThat(m.headline().runs()).isEqualTo(11);
    assertThat(m.headline().failed()).isEqualTo(5);
    assertThat(m.headline().median().text()).isEqualTo("109 ms");
    assertThat(m.headline().p90().text()).isEqualTo("3.84 s");
    // The 1 ms SLO was missed; the five harness errors say nothing about the SLO.
    assertThat(m.headline().withinSlo().part()).isEqualTo(5);
    assertThat(m.headline().withinSlo().whole()).isEqualTo(6);
    assertThat(m.summary().slo().text()).isEqualTo("30.0 s");
    assertThat(m.headline().dora().band()).isEqualTo("elite");
  }

  @Test
  void comparesNoProceduresAsEachFailureOnTheDemoWasRecoveredOneWay() throws Exception {
    ReportModel m = model();

    // Two procedures on drill-demo/demo, but for different failures: the runbook command fixed a
    // bad config, rollout-undo a crash, an unready release and the no-op baseline.
    assertThat(m.scenarios()).filteredOn(s -> s.name().equals("runbook-command")).singleElement()
        .satisfies(s -> assertThat(s.procedures()).containsExactly("command"));
    assertThat(m.procedures()).isEmpty();
  }

  @Test
  void listsHarnessErrorsWithTheirReasonsAndWarnsThatOnePersonRanEverything() throws Exception {
    ReportModel m = model();

    assertThat(m.failures().total()).isEqualTo(5);
    assertThat(m.failures().shown()).allSatisfy(f -> {
      assertThat(f.verdict()).isEqualTo("ERROR");
      assertThat(f.reason()).startsWith("Kubernetes API error: HTTP 422");
    });
    assertThat(m.rotation().quarters()).singleElement().satisfies(q -> {
      assertThat(q.people()).isEqualTo(1);
      assertThat(q.keyPersonRisk()).isTrue();
    });
  }

  @Test
  void breaksTheirPhasesDownAndRendersThePage() throws Exception {
    ReportModel m = model();

    assertThat(m.phases().runs()).isEqualTo(6);
    assertThat(m.phases().rows()).allSatisfy(r -> assertThat(r.runs()).isEqualTo(6));
    String html = ReportWriter.html(m);
    assertThat(html).contains("<svg id=\"trend-chart\"", "impossible-slo", "runbook-command",
        "HTTP 422 Service &quot;demo&quot; is invalid");
  }
}
