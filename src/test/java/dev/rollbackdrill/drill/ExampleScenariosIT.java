package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every example scenario in {@code scenarios/} runs as documented on the real local cluster. */
@OnLocalCluster
class ExampleScenariosIT {

  private final List<String> progress = new ArrayList<>();

  private DrillResult run(ClusterHandle cluster, KubernetesClient client, Scenario s) {
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        progress.add(phase + " " + nanos / 1_000_000 + "ms " + detail);
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        progress.add(message);
        System.out.println("  " + drill + " " + message);
      }
    };
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener)
        .run(s, 1, "example-scenarios-it");
  }

  private static void assertBackOnKnownGood(KubernetesClient client, TestNamespace ns, DrillRecord r) {
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(Rollouts.complete(d)).isTrue();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(r.knownGood().image());
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
  }

  @Test
  void noopChangeIsRolledOutThenUndoneToThePreviousRevision(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, Scenarios.example("noop-undo", ns)).record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.knownGood().revision()).isEqualTo(1);
    assertThat(r.knownGood().changeCause()).isEqualTo("v1: initial release");
    assertThat(r.candidate().revision()).isEqualTo(2);
    assertThat(r.candidate().image()).isEqualTo("rollback-drill/demo:v1");
    assertThat(r.restored().revision()).isEqualTo(3);
    assertThat(r.restored().changeCause()).isEqualTo("v1: initial release");
    assertThat(r.phaseNanos()).containsOnlyKeys(DrillRecord.PHASES);
    assertThat(r.triggerToHealthyNanos())
        .isEqualTo(r.phaseNanos().get("trigger") + r.phaseNanos().get("rollback-accepted") + r.phaseNanos().get("healthy"));
    assertThat(r.cluster().serverVersion()).startsWith("v1.20");
    assertBackOnKnownGood(client, ns, r);
  }

  @Test
  void releaseWhoseReadinessNeverPassesIsUndoneToLastKnownGood(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, Scenarios.example("unready-undo", ns)).record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().fault()).isEqualTo("readiness-never-passes");
    assertThat(r.phaseNanos().get("detect")).isGreaterThanOrEqualTo(5_000_000_000L);
    assertThat(r.restored().image()).isEqualTo("rollback-drill/demo:v1");
    assertBackOnKnownGood(client, ns, r);
  }

  @Test
  void crashLoopingReleaseIsUndoneToANamedRevision(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, Scenarios.example("crashloop-undo-to-revision", ns)).record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().fault()).isEqualTo("crash-on-start");
    assertThat(progress).anyMatch(l -> l.contains("undo deployment/demo in " + ns.name() + " to revision 1"));
    assertThat(r.restored().changeCause()).isEqualTo("v1: initial release");
    assertBackOnKnownGood(client, ns, r);
  }

  @Test
  void runbookCommandIsRunVerbatimWithTheDrillsKubeconfig(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    Scenario s = Scenarios.example("runbook-command", ns);
    // The runbook names its namespace; point it at this test's.
    s = s.withRollback(new dev.rollbackdrill.scenario.Rollback(s.rollback().procedure(), s.rollback().to(),
        s.rollback().revision(), s.rollback().run().replace("drill-demo", ns.name())));
    DrillResult result = run(cluster, client, s);
    DrillRecord r = result.record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().procedure()).isEqualTo("command");
    assertThat(result.procedureOutput()).contains("deployment.apps/demo rolled back");
    assertBackOnKnownGood(client, ns, r);
  }

  @Test
  void impossibleSloIsMissedAndTheReasonNamesEachPhase(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, Scenarios.example("impossible-slo", ns)).record();

    assertThat(r.verdict()).isEqualTo(Verdict.SLO_MISSED);
    assertThat(r.reason()).startsWith("trigger-to-healthy ").contains("exceeded SLO 1ms")
        .contains("trigger ").contains("rollback-accepted ").contains("healthy ").contains("slowest: ");
    assertThat(r.withinSlo()).isFalse();
    assertBackOnKnownGood(client, ns, r);
  }
}
