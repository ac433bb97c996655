package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.chaos.Injection;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The chaos example scenarios on the real local cluster: each rollback measured under its fault,
 * the fault named in the record, and nothing left behind (no noisy neighbour, no quota, no
 * replica missing).
 */
@OnLocalCluster
class ChaosDrillsIT {

  private static DrillRecord run(ClusterHandle cluster, KubernetesClient client, String example, TestNamespace ns) {
    return run(cluster, client, example, ns, "");
  }

  /** The example with {@code more} appended to its file (a chaos section, say). */
  private static DrillRecord run(ClusterHandle cluster, KubernetesClient client, String example, TestNamespace ns,
      String more) {
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + drill + " " + message);
      }
    };
    // The file, its namespace and its runbook's kubectl pointed at the test's namespace.
    Scenario s;
    try {
      java.nio.file.Path file = Scenarios.exampleFile(example, ns, Files.createTempDirectory("chaos-drills-it"));
      Files.writeString(file, Files.readString(file) + more);
      s = ScenarioLoader.load(file);
    } catch (IOException | dev.rollbackdrill.scenario.ScenarioException e) {
      throw new IllegalStateException(e);
    }
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener)
        .run(s, 1, "chaos-drills-it").record();
  }

  private static void assertNothingLeft(KubernetesClient client, TestNamespace ns) {
    assertThat(client.pods().inNamespace(ns.name()).withLabel(Injection.LABEL).list().getItems()).as("chaos pods").isEmpty();
    assertThat(client.resourceQuotas().inNamespace(ns.name()).list().getItems()).as("quotas").isEmpty();
    var demo = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(demo.getStatus().getAvailableReplicas()).as("no replica missing").isEqualTo(demo.getSpec().getReplicas());
  }

  private static DrillRecord.ChaosRun only(DrillRecord r) {
    assertThat(r.chaos()).hasSize(1);
    return r.chaos().get(0);
  }

  @Test
  void anUndoWhileAKnownGoodPodIsKilled(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "chaos-pod-kill-undo", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    DrillRecord.ChaosRun c = only(r);
    assertThat(c.kind()).isEqualTo("pod-kill");
    assertThat(c.did()).isEqualTo("killed 1 pod");
    assertThat(c.beganNanos()).isNotNull();
    assertNothingLeft(client, ns);
  }

  @Test
  void aPodKillAsHealthyBeginsAfterANoOpWaitsForTheKnownGoodPodsTheUndoIsCreating(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) {
    // A no-op's undo is a new rollout: as healthy begins, no known-good pod is live yet.
    DrillRecord r = run(cluster, client, "noop-undo", ns,
        "chaos:\n  - kind: pod-kill\n    during: healthy\n    pods: 1\n    of: known-good\n");

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(only(r).did()).isEqualTo("killed 1 pod");
    assertNothingLeft(client, ns);
  }

  @Test
  void anUndoUnderCpuPressure(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "chaos-cpu-pressure-undo", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(only(r).did()).startsWith("2 noisy neighbours ran ");
    assertNothingLeft(client, ns);
  }

  @Test
  void anUndoThatWaitsForQuota(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "chaos-quota-squeeze-undo", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(only(r).did()).startsWith("held the namespace at ");
    // No surge pod until the quota went, 10 s after the trigger: the undo waited for it.
    assertThat(r.triggerToHealthyNanos()).isGreaterThan(10_000_000_000L);
    assertNothingLeft(client, ns);
  }

  @Test
  void anUndoWhileAKnownGoodContainerIsKilled(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "chaos-container-kill-undo", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(only(r).did()).isEqualTo("killed 1 container");
    // The restart path: the same pod, its container restarted by the kubelet, not a new pod; and
    // the drill waited for it to be ready again (assertNothingLeft).
    assertThat(client.pods().inNamespace(ns.name()).withLabel("app", "demo").list().getItems())
        .filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
        .anySatisfy(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).isPositive());
    assertNothingLeft(client, ns);
  }

  @Test
  void aRunbookCommandThroughAnApiServerRestart(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    // The drill's own client, so the outage cannot disturb the test's shared one.
    DrillRecord r;
    try (KubernetesClient own = cluster.newClient()) {
      r = run(cluster, own, "chaos-api-restart-runbook", ns);
    }

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    DrillRecord.ChaosRun c = only(r);
    assertThat(c.did()).startsWith("API server down ");
    assertThat(c.lastedNanos()).as("the outage lasted its 5s").isGreaterThanOrEqualTo(5_000_000_000L);
    // No controller worked while it was down: the rollback could not be healthy before it was back.
    assertThat(r.triggerToHealthyNanos()).isGreaterThan(5_000_000_000L);
    org.awaitility.Awaitility.await("API server answers").atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> client.apps().deployments().inNamespace(ns.name()).withName("demo").get() != null);
    assertNothingLeft(client, ns);
  }
}
