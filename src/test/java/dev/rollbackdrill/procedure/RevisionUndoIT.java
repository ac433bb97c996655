package dev.rollbackdrill.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The undo's guard, on the real cluster: between reading the Deployment and patching it, the
 * controller keeps writing status (and people annotate); that must not fail a rollback. A change
 * of the spec in that window must, rather than be overwritten.
 */
@OnLocalCluster
class RevisionUndoIT {

  @Test
  void undoIsAcceptedAfterAWriteThatLeftTheSpecAlone(KubernetesClient client, TestNamespace ns) throws Exception {
    DemoTarget t = DemoTarget.createSettled(client, ns);
    breakIt(client, ns, "unready");
    Deployment read = t.deployment();
    // A write after our read that changes the resourceVersion, not the generation.
    client.apps().deployments().inNamespace(ns.name()).withName(DemoTarget.NAME)
        .edit(d -> {
          d.getMetadata().getLabels().put("touched-by", "someone-else");
          return d;
        });
    assertThat(t.resourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());

    RevisionUndo.Result r = RevisionUndo.apply(client, read, revision(client, ns, read, 1));

    assertThat(r.changed()).isTrue();
    assertThat(r.revision()).isEqualTo(1);
    await("rolled back to v1").atMost(Duration.ofSeconds(60)).until(t::healthyOnKnownGood);
  }

  @Test
  void undoIsRefusedWhenTheSpecChangedAfterItWasRead(KubernetesClient client, TestNamespace ns) throws Exception {
    DemoTarget t = DemoTarget.createSettled(client, ns);
    breakIt(client, ns, "unready");
    Deployment read = t.deployment();
    breakIt(client, ns, "crash"); // somebody else's release, after our read

    assertThatThrownBy(() -> RevisionUndo.apply(client, read, revision(client, ns, read, 1)))
        .isInstanceOf(ProcedureException.class)
        .hasMessageContaining("undo to revision 1 was not accepted");
    assertThat(t.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getValue).containsExactly("crash");
  }

  private static void breakIt(KubernetesClient client, TestNamespace ns, String fault) {
    Deployment after = client.apps().deployments().inNamespace(ns.name()).withName(DemoTarget.NAME).edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("DEMO_FAULT", fault, null)));
      return d;
    });
    long generation = after.getMetadata().getGeneration();
    await("the controller made the " + fault + " revision").atMost(Duration.ofSeconds(30)).until(() -> {
      Deployment d = client.apps().deployments().inNamespace(ns.name()).withName(DemoTarget.NAME).get();
      return d.getStatus().getObservedGeneration() != null && d.getStatus().getObservedGeneration() >= generation;
    });
  }

  private static ReplicaSet revision(KubernetesClient client, TestNamespace ns, Deployment d, long revision) {
    return Rollouts.owned(d, client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).stream()
        .filter(rs -> Rollouts.revision(rs) == revision).findFirst().orElseThrow();
  }
}
