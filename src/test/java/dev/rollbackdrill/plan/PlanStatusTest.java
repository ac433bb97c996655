package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanStatusTest {

  @TempDir Path drills;

  private final Plan plan = new Plan(Path.of("drills/plan.yaml"), Path.of("scenarios"), ZoneOffset.UTC, List.of(
      new PlannedDrill("monthly", Path.of("scenarios/monthly.yaml"), Cron.parse("0 6 1 * *"), Duration.ofDays(35)),
      new PlannedDrill("quarterly", Path.of("scenarios/quarterly.yaml"), Cron.parse("0 6 1 */3 *"), Duration.ofDays(100))),
      null);

  private List<DrillRecord> history() throws Exception {
    return new DrillHistory(drills).readAll().records();
  }

  private Map<String, PlanStatus> at(String now, String cluster) throws Exception {
    return PlanStatus.of(plan, history(), Instant.parse(now), PlanStatus.onCluster(cluster)).stream()
        .collect(java.util.stream.Collectors.toMap(s -> s.drill().scenario(), s -> s));
  }

  @Test
  void aDrillThatNeverRanIsDueAndStale() throws Exception {
    PlanStatus s = at("2026-11-22T12:00:00Z", "context:staging").get("monthly");

    assertThat(s.lastRun()).isNull();
    assertThat(s.lastFired()).isEqualTo(Instant.parse("2026-11-01T06:00:00Z"));
    assertThat(s.nextFire()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
    assertThat(s.due()).isTrue();
    assertThat(s.stale()).isTrue();
  }

  @Test
  void aDrillIsDueOnceItsScheduleFiresAfterItsLastRun() throws Exception {
    Records.write(drills, "monthly", "2026-11-01T06:04:00Z", "context:staging", "PASSED");
    Records.write(drills, "quarterly", "2026-10-01T06:10:00Z", "context:staging", "SLO_MISSED");

    assertThat(at("2026-11-30T23:59:00Z", "context:staging")).satisfies(m -> {
      assertThat(m.get("monthly").due()).isFalse();
      assertThat(m.get("monthly").stale()).isFalse();
      assertThat(m.get("quarterly").due()).isFalse();
    });
    assertThat(at("2026-12-01T06:00:00Z", "context:staging").get("monthly").due()).isTrue();
    assertThat(at("2026-12-01T06:00:00Z", "context:staging").get("quarterly").due()).isFalse();
    assertThat(at("2027-01-01T06:00:00Z", "context:staging").get("quarterly").due()).isTrue();
  }

  @Test
  void aDrillIsStaleOnlyAfterItsOwnPeriod() throws Exception {
    Records.write(drills, "monthly", "2026-08-01T06:00:00Z", "context:staging", "FAILED");
    Records.write(drills, "quarterly", "2026-08-01T06:00:00Z", "context:staging", "PASSED");

    Map<String, PlanStatus> m = at("2026-10-01T05:00:00Z", "context:staging");

    assertThat(m.get("monthly").stale()).as("61 days > 35").isTrue();
    assertThat(m.get("quarterly").stale()).as("61 days < 100").isFalse();
  }

  @Test
  void runsOnAnotherClusterOrThatErredDoNotCount() throws Exception {
    Records.write(drills, "monthly", "2026-11-02T10:00:00Z", "local", "PASSED");
    Records.write(drills, "monthly", "2026-11-03T10:00:00Z", "context:staging", "ERROR");
    Records.write(drills, "quarterly", "2026-11-03T10:00:00Z", "k3s", "PASSED");

    Map<String, PlanStatus> staging = at("2026-11-22T12:00:00Z", "context:staging");
    assertThat(staging.get("monthly").due()).isTrue();
    assertThat(staging.get("monthly").lastRun()).isNull();

    Map<String, PlanStatus> embedded = at("2026-11-22T12:00:00Z", "embedded");
    assertThat(embedded.get("monthly").lastRun()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(embedded.get("quarterly").lastRun()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
  }

  @Test
  void aRefusedDrillLeavesItsScenarioDueAndStale() throws Exception {
    Records.write(drills, "monthly", "2026-08-01T06:00:00Z", "context:staging", "PASSED");
    Records.write(drills, "monthly", "2026-11-01T06:02:00Z", "context:staging", "REFUSED");

    PlanStatus s = at("2026-11-22T12:00:00Z", "context:staging").get("monthly");

    assertThat(s.lastRun()).as("the refused run is not the last drill").isEqualTo(Instant.parse("2026-08-01T06:00:00Z"));
    assertThat(s.due()).isTrue();
    assertThat(s.stale()).isTrue();
  }

  @Test
  void planFilesAndTheirHistoryLiveTogetherWithoutConfusingTheHistoryReader() throws Exception {
    Files.copy(PlanLoader.DEFAULT_FILE, drills.resolve("plan.yaml"));
    Records.write(drills, "monthly", "2026-11-02T10:00:00Z", "local", "PASSED");

    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();

    assertThat(loaded.records()).hasSize(1);
    assertThat(loaded.warnings()).isEmpty();
  }
}
