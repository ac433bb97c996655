package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.drill.DrillListener;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A {@link java.lang.Error} in the middle of a drill (here thrown by a progress listener once the
 * candidate is deployed, as a StackOverflowError or an OutOfMemoryError could be thrown anywhere)
 * is still a drill that ends cleanly: the target is back on known-good, the annotation and the
 * lease are gone, and the lease's renewer has stopped, so a long-lived JVM (an IDE, a CI daemon)
 * does not renew a dead drill's lease forever.
 */
@OnLocalCluster
class HarnessErrorIT {

  @Test
  void anErrorMidDrillStillRestoresTheTargetAndStopsTheLeaseRenewer(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    AtomicBoolean thrown = new AtomicBoolean();
    DrillListener faulty = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + phase + " " + nanos / 1_000_000 + " ms " + detail);
        if (phase.equals(dev.rollbackdrill.timing.Phase.DEPLOY.recordName()) && thrown.compareAndSet(false, true)) {
          throw new StackOverflowError("injected after deploy");
        }
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + message);
      }
    };

    DrillRecord r = new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), faulty)
        .run(Scenarios.example("unready-undo", ns), 1, "harness-error-it").record();
    System.out.println(r.verdict() + ": " + r.reason());

    assertThat(thrown).isTrue();
    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("harness error: java.lang.StackOverflowError: injected after deploy");
    assertThat(r.candidate()).as("the candidate was deployed before the error").isNotNull();
    assertThat(r.restored().image()).isEqualTo(DemoTarget.KNOWN_GOOD_IMAGE);
    DemoTarget target = new DemoTarget(client, ns.name());
    assertThat(target.healthyOnKnownGood()).isTrue();
    assertThat(target.hasAnnotation()).isFalse();
    assertThat(target.lease()).isNull();
    Awaitility.await("the lease renewer stopped").atMost(Duration.ofSeconds(5)).until(() ->
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith("rollback-drill-lease-")));
  }
}
