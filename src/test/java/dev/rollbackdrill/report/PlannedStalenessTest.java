package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A drill plan's per-scenario staleness periods decide which scenarios the report flags. */
class PlannedStalenessTest {

  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private static DrillRecord ranDaysAgo(String scenario, int days) {
    Instant t = NOW.minus(Duration.ofDays(days));
    return new DrillRecord(1, scenario + days, new DrillRecord.ScenarioRef(scenario, "f", "h", List.of(), "rollout-undo", "noop", null),
        new DrillRecord.ClusterRef("local", "c", "v1.20.2"), "ns", "demo", null, null, null, "alice", t, t.plusSeconds(30), 1,
        Map.of(), 2_000_000_000L, 30_000_000_000L, DrillRecord.Verdict.PASSED, "ok", null, null, null, null);
  }

  @Test
  void eachScenarioIsStaleAfterItsOwnPlannedPeriodAndOthersAfterTheDefault() {
    List<DrillRecord> records = List.of(
        ranDaysAgo("monthly", 40), ranDaysAgo("quarterly", 40), ranDaysAgo("unplanned", 40), ranDaysAgo("weekly", 10));
    ReportOptions options = ReportOptions.defaults(NOW)
        .withStaleAfter(Map.of("quarterly", Duration.ofDays(100), "weekly", Duration.ofDays(8)));

    ReportModel model = TrendReport.compute(records, List.of(), options);

    assertThat(model.scenarios()).filteredOn(ReportModel.ScenarioRow::stale)
        .extracting(ReportModel.ScenarioRow::name)
        .containsExactlyInAnyOrder("monthly", "unplanned", "weekly");
    assertThat(model.scenarios()).filteredOn(r -> r.name().equals("weekly"))
        .singleElement().satisfies(r -> assertThat(r.staleText()).contains("more than 8 days"));
  }
}
