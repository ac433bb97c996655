package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report puts what users saw next to how long the rollback took. */
class ImpactTextTest {

  private static DrillRecord run(Long triggerToHealthy, DrillRecord.Impact impact) {
    Instant t = Instant.parse("2026-11-20T10:00:00Z");
    return new DrillRecord(1, "id",
        new DrillRecord.ScenarioRef("http500-undo", "f", "h", List.of(), "rollout-undo", "broken", "bad-config"),
        new DrillRecord.ClusterRef("local", "c", "v1.20.2"), "ns", "demo", null, null, null, "alice", t, t.plusSeconds(60), 1,
        Map.of(), triggerToHealthy, 30_000_000_000L, DrillRecord.Verdict.PASSED, "ok", null, null, impact, null);
  }

  @Test
  void showsFailedRequestsAndTheirShareNextToTheRollbackTime() {
    LoadStats total = new LoadStats(5170, 212, 212 / 5170.0, 1_000_000L, 9_000_000L, 0L, 38_000_000_000L, 38_000_000_000L);
    String text = TrendReport.impactText(run(38_000_000_000L, new DrillRecord.Impact("services/demo:8080/proxy/", 10, total, Map.of())));

    assertThat(text).isEqualTo("rolled back in " + Formats.duration(38_000_000_000L) + "; 212 failed requests of 5170 (4.1%)");
  }

  @Test
  void saysNotRecoveredWhenTheDrillNeverGotHealthyAndNothingWithoutLoad() {
    LoadStats total = new LoadStats(10, 1, 0.1, 1L, 1L, 0L, 0L, 0L);
    assertThat(TrendReport.impactText(run(null, new DrillRecord.Impact("x", 10, total, Map.of()))))
        .isEqualTo("not recovered; 1 failed request of 10 (10.0%)");
    assertThat(TrendReport.impactText(run(1L, null))).isEmpty();
  }
}
