package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault and detection kinds the example scenarios do not use, on the real cluster: an image
 * that cannot be pulled caught by the progress deadline, and an explicit candidate image caught
 * after a dwell. (The demo's pods never pull: imagePullPolicy Never, so a missing image fails on
 * the node at once and nothing leaves the machine.)
 */
@OnLocalCluster
class FaultKindsIT {

  @TempDir Path dir;

  private DrillRecord run(ClusterHandle cluster, KubernetesClient client, String yaml) throws Exception {
    return run(cluster, client, yaml, DrillListener.NONE);
  }

  private DrillRecord run(ClusterHandle cluster, KubernetesClient client, String yaml, DrillListener listener)
      throws Exception {
    Path file = dir.resolve("fault.yaml");
    Files.writeString(file, yaml);
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener)
        .run(ScenarioLoader.load(file), 1, "fault-kinds-it").record();
  }

  /**
   * The stall is the controller's verdict, not the drill's timer: when detect ends (before the
   * trigger) the Deployment says Progressing=False, ProgressDeadlineExceeded. No duration is
   * asserted: the controller counts the deadline from a condition time kept in whole seconds, so
   * a 5 s deadline can be reported 4.77 s after the candidate appeared.
   */
  @Test
  void anImageThatCannotBePulledStallsTheRolloutAndIsUndone(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    Map<String, String> details = new ConcurrentHashMap<>();
    List<DeploymentCondition> atDetect = new CopyOnWriteArrayList<>();
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        details.put(phase, detail);
        if (phase.equals(dev.rollbackdrill.timing.Phase.DETECT.recordName())) {
          // Called on the drill's thread as detect ends, before the trigger changes anything.
          atDetect.addAll(client.apps().deployments().inNamespace(ns.name()).withName("demo").get()
              .getStatus().getConditions());
        }
      }
    };
    DrillRecord r = run(cluster, client, """
        name: image-pull-stalled
        target: {namespace: %s, deployment: demo, fixture: demo}
        change: {type: broken, fault: image-pull-failure, changeCause: "missing image"}
        detect: {type: rollout-stalled, progressDeadline: 5s}
        rollback: {procedure: rollout-undo, to: previous}
        healthy: {http: {port: 8080, path: /cgi-bin/app}}
        slo: 30s
        """.formatted(ns.name()), listener);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.candidate().image()).startsWith("rollback-drill/demo:rollback-drill-missing-");
    assertThat(details).containsEntry(dev.rollbackdrill.timing.Phase.DETECT.recordName(), "rollout stalled (progress deadline exceeded)");
    assertThat(atDetect).as("the Deployment's conditions when detect ended")
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("Progressing");
          assertThat(c.getStatus()).isEqualTo("False");
          assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        });
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(r.knownGood().image());
    // The drill shortened the progress deadline to detect the stall; it puts the original back.
    assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(Rollouts.complete(d)).isTrue();
  }

  @Test
  void anExplicitCandidateImageIsRolledOutForTheDwellThenUndone(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    DrillRecord r = run(cluster, client, """
        name: candidate-image-dwell
        target: {namespace: %s, deployment: demo, fixture: demo}
        change: {type: broken, fault: candidate-image, image: "rollback-drill/demo:v2", changeCause: "v2 for a while"}
        detect: {type: dwell, for: 3s}
        rollback: {procedure: rollout-undo, to: last-known-good}
        healthy: {http: {port: 8080, path: /cgi-bin/app}}
        slo: 30s
        """.formatted(ns.name()));

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.candidate().image()).isEqualTo("rollback-drill/demo:v2");
    assertThat(r.phaseNanos().get("detect")).isBetween(3_000_000_000L, 6_000_000_000L);
    assertThat(r.restored().image()).isEqualTo("rollback-drill/demo:v1");
  }
}
