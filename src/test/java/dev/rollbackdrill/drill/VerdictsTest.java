package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A drill's verdict from its measured phases (on a ticker the test moves) or from what stopped it. */
class VerdictsTest {

  private final AtomicLong now = new AtomicLong();
  private final PhaseTimer timer = new PhaseTimer(now::get);

  /** Trigger 0.2 s, accepted 0.3 s, healthy {@code healthyMillis}. */
  private long phases(long healthyMillis) {
    timer.beginAt(Phase.TRIGGER, 0);
    timer.beginAt(Phase.ACCEPTED, Duration.ofMillis(200).toNanos());
    timer.beginAt(Phase.HEALTHY, Duration.ofMillis(500).toNanos());
    long healthy = Duration.ofMillis(500 + healthyMillis).toNanos();
    timer.beginAt(Phase.VERIFY, healthy);
    timer.endAt(healthy + Duration.ofMillis(100).toNanos());
    return healthy;
  }

  @Test
  void withinTheSloPasses() {
    Verdicts v = Verdicts.measured(phases(1_000), Duration.ofSeconds(30), timer);

    assertThat(v).isEqualTo(new Verdicts(Verdict.PASSED, "trigger-to-healthy 1.5s within SLO 30s"));
  }

  @Test
  void exactlyTheSloStillPasses() {
    assertThat(Verdicts.measured(phases(29_500), Duration.ofSeconds(30), timer).verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void overTheSloNamesEveryPhaseAndTheSlowest() {
    Verdicts v = Verdicts.measured(phases(40_000), Duration.ofSeconds(30), timer);

    assertThat(v).isEqualTo(new Verdicts(Verdict.SLO_MISSED,
        "trigger-to-healthy 40.5s exceeded SLO 30s (trigger 200ms, rollback-accepted 300ms, healthy 40s; slowest: healthy)"));
  }

  @Test
  void aSlowTriggerIsNamedAsTheSlowest() {
    timer.beginAt(Phase.TRIGGER, 0);
    timer.beginAt(Phase.ACCEPTED, Duration.ofSeconds(50).toNanos());
    timer.beginAt(Phase.HEALTHY, Duration.ofSeconds(51).toNanos());
    timer.beginAt(Phase.VERIFY, Duration.ofSeconds(52).toNanos());

    assertThat(Verdicts.measured(Duration.ofSeconds(52).toNanos(), Duration.ofSeconds(30), timer).reason())
        .endsWith("; slowest: trigger)");
  }

  @Test
  void aFailureBeforeAnyChangeIsARefusal() {
    DrillFailure paused = new DrillFailure("preflight: the deployment is paused");

    assertThat(Verdicts.stopped(paused, Phase.PREFLIGHT, false))
        .isEqualTo(new Verdicts(Verdict.REFUSED, "preflight: the deployment is paused"));
    assertThat(Verdicts.stopped(paused, null, false).verdict()).isEqualTo(Verdict.REFUSED);
  }

  @Test
  void aFailureOnceTheTargetChangedIsAFailedDrill() {
    assertThat(Verdicts.stopped(new DrillFailure("detect: timed out"), Phase.DETECT, true))
        .isEqualTo(new Verdicts(Verdict.FAILED, "detect: timed out"));
    // In preflight but after a change (a lever's prepare raised the history limit): not a refusal.
    assertThat(Verdicts.stopped(new DrillFailure("preflight: x"), Phase.PREFLIGHT, true).verdict())
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void someoneElsesObjectsInTheWayAreARefusalInPreflightsWords() {
    Verdicts v = Verdicts.stopped(new DemoFixture.NotOurs("service ns/demo is not the demo's"), null, false);

    assertThat(v).isEqualTo(new Verdicts(Verdict.REFUSED, "preflight: service ns/demo is not the demo's"));
  }

  @Test
  void anApiErrorIsAHarnessErrorNamingThePhase() {
    Verdicts v = Verdicts.stopped(new KubernetesClientException("connection refused"), Phase.HEALTHY, true);

    assertThat(v).isEqualTo(new Verdicts(Verdict.ERROR, "Kubernetes API error in healthy: connection refused"));
  }

  @Test
  void anythingElseIsAHarnessErrorEvenBeforeAnyChange() {
    Verdicts v = Verdicts.stopped(new OutOfMemoryError("heap"), null, false);

    assertThat(v).isEqualTo(new Verdicts(Verdict.ERROR, "harness error: java.lang.OutOfMemoryError: heap"));
  }
}
