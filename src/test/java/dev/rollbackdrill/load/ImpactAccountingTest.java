package dev.rollbackdrill.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import dev.rollbackdrill.load.ImpactAccounting.Boundary;
import dev.rollbackdrill.load.LoadGenerator.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpactAccountingTest {

  private static final long MS = 1_000_000L;

  private static final List<Boundary> PHASES = List.of(
      new Boundary("preflight", 1000 * MS),
      new Boundary("deploy", 2000 * MS),
      new Boundary("detect", 3000 * MS),
      new Boundary("trigger", 5000 * MS),
      new Boundary("healthy", 6000 * MS));

  private static Sample ok(long startMs, long latencyMs) {
    return new Sample(startMs * MS, (startMs + latencyMs) * MS, 200, null);
  }

  private static Sample failed(long startMs, long latencyMs) {
    return new Sample(startMs * MS, (startMs + latencyMs) * MS, 500, null);
  }

  @Test
  void aRequestCountsInThePhaseItStartedInEvenWhenAnsweredInTheNext() {
    Impact impact = ImpactAccounting.compute("services/demo:8080/proxy/", 10, List.of(
        ok(1999, 500), // starts in preflight, answered in deploy
        ok(2000, 10)), // starts exactly at deploy's boundary
        PHASES);

    assertThat(impact.phases().get("preflight").requests()).isEqualTo(1);
    assertThat(impact.phases().get("deploy").requests()).isEqualTo(1);
    assertThat(impact.total().requests()).isEqualTo(2);
  }

  @Test
  void phasesAddUpToTheTotalWithNoRequestLost() {
    List<Sample> samples = new ArrayList<>();
    for (long t = 500; t < 8000; t += 37) { // before the first boundary to after the last
      samples.add(t % 3 == 0 ? failed(t, 20) : ok(t, 5));
    }
    Impact impact = ImpactAccounting.compute("x", 10, samples, PHASES);

    assertThat(impact.phases().keySet()).containsExactly("preflight", "deploy", "detect", "trigger", "healthy");
    assertThat(impact.phases().values().stream().mapToLong(LoadStats::requests).sum())
        .isEqualTo(impact.total().requests()).isEqualTo(samples.size());
    assertThat(impact.phases().values().stream().mapToLong(LoadStats::failed).sum())
        .isEqualTo(impact.total().failed())
        .isEqualTo(samples.stream().filter(s -> !s.ok()).count());
  }

  @Test
  void measuresErrorRateLatencyAndTheImpactWindowFromTheDrillsStart() {
    Impact impact = ImpactAccounting.compute("x", 10, List.of(
        ok(3000, 10), failed(3100, 30), ok(3200, 10), failed(4100, 30), ok(4500, 50)), PHASES);
    LoadStats detect = impact.phases().get("detect");

    assertThat(detect.requests()).isEqualTo(5);
    assertThat(detect.failed()).isEqualTo(2);
    assertThat(detect.errorRate()).isEqualTo(0.4);
    assertThat(detect.p50Nanos()).isBetween(29 * MS, 31 * MS); // of 10, 10, 30, 30, 50 ms
    assertThat(detect.p99Nanos()).isBetween(49 * MS, 51 * MS);
    // offsets from the start of the first phase (1000 ms)
    assertThat(detect.firstFailedAtNanos()).isEqualTo(2100 * MS);
    assertThat(detect.lastFailedAtNanos()).isEqualTo(3100 * MS);
    assertThat(detect.impactWindowNanos()).isEqualTo(1000 * MS);
    assertThat(impact.total().impactWindowNanos()).isEqualTo(1000 * MS);
  }

  @Test
  void aPhaseWithoutRequestsHasNoLatenciesAndNoWindow() {
    LoadStats trigger = ImpactAccounting.compute("x", 10, List.of(ok(1500, 1)), PHASES).phases().get("trigger");

    assertThat(trigger).isEqualTo(new LoadStats(0, 0, 0.0, null, null, null, null, null));
  }

  @Test
  void requestsOutsideTheBoundariesCountInTheFirstOrLastSpan() {
    Impact impact = ImpactAccounting.compute("x", 10, List.of(ok(10, 1), ok(99_000, 1)), PHASES);

    assertThat(impact.phases().get("preflight").requests()).isEqualTo(1);
    assertThat(impact.phases().get("healthy").requests()).isEqualTo(1);
  }
}
