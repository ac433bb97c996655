package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run says what the drill's preflight would say about a target without a fixture, on
 * Deployments as the API server would return them: a refusal with the drill's reason, and a
 * known-good only for a revision that has rolled out completely.
 */
class DryRunTest {

  @TempDir Path dir;

  private Scenario scenario(String rollback) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, """
        name: own-service
        target: {namespace: shop, deployment: demo, container: demo}
        change: {type: noop}
        detect: {type: rollout-complete}
        rollback: %s
        slo: 30s
        """.formatted(rollback));
    return ScenarioLoader.load(file);
  }

  private static DeploymentBuilder deployment(long revision, int updated, int available) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("demo").withNamespace("shop").withUid("d-uid").withGeneration(3L)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision)).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "demo").endSelector().endSpec()
        .withNewStatus().withObservedGeneration(3L).withReplicas(Math.max(1, updated)).withUpdatedReplicas(updated)
        .withAvailableReplicas(available).endStatus();
  }

  private static ReplicaSet rs(long revision, String image, String cause) {
    return new ReplicaSetBuilder().withNewMetadata().withName("demo-" + revision)
        .addToLabels("pod-template-hash", "h" + revision)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addToAnnotations("kubernetes.io/change-cause", cause)
        .addNewOwnerReference().withUid("d-uid").withController(true).withKind("Deployment").withName("demo")
        .endOwnerReference().endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("demo").withImage(image).endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static final List<ReplicaSet> HISTORY = List.of(rs(1, "app:v1", "v1"), rs(2, "app:v2", "v2"));

  @Test
  void aSettledTargetHasItsKnownGoodAndNoRefusal() throws Exception {
    DryRun.Target t = DryRun.target(scenario("{procedure: rollout-undo}"), deployment(2, 1, 1).build(), HISTORY);

    assertThat(t.lines()).containsExactly(
        "  known-good (restore target): revision 2, image app:v2, change-cause \"v2\"");
    assertThat(t.knownGoodRevision()).isEqualTo(2);
    assertThat(DryRun.wouldRefuse(t.lines())).isFalse();
  }

  @Test
  void aPausedTargetWouldBeRefusedWithTheDrillsReason() throws Exception {
    Deployment paused = deployment(2, 1, 1).editSpec().withPaused(true).endSpec().build();

    DryRun.Target t = DryRun.target(scenario("{procedure: rollout-undo}"), paused, HISTORY);

    assertThat(t.lines()).first().asString().startsWith("  preflight: WOULD REFUSE: deployment shop/demo is paused");
    assertThat(DryRun.wouldRefuse(t.lines())).isTrue();
  }

  @Test
  void aRevisionStillRollingOutIsNeverCalledTheKnownGood() throws Exception {
    // Revision 2 was applied; its pod never becomes available (an image that cannot be pulled, say).
    DryRun.Target t = DryRun.target(scenario("{procedure: rollout-undo}"), deployment(2, 1, 0).build(), HISTORY);

    assertThat(t.lines()).containsExactly(
        "  preflight: WOULD REFUSE: deployment shop/demo is mid-rollout (revision 2: 0 of 1 updated replicas available),"
            + " so it has no known-good revision to come back to; let the rollout finish or undo it first",
        "  known-good: none: revision 2 has not rolled out completely");
    assertThat(String.join("\n", t.lines())).doesNotContain("restore target");
    assertThat(t.knownGoodRevision()).isZero();
  }

  @Test
  void aMissingTargetOrOneWithoutItsCurrentReplicaSetWouldBeRefused() throws Exception {
    Scenario s = scenario("{procedure: rollout-undo}");

    assertThat(DryRun.target(s, null, List.of()).lines()).containsExactly(
        "  preflight: WOULD REFUSE: deployment shop/demo not found",
        "  known-good: none: the deployment does not exist");
    assertThat(DryRun.target(s, deployment(3, 0, 0).build(), HISTORY).lines()).containsExactly(
        "  preflight: WOULD REFUSE: deployment shop/demo is mid-rollout: the controller has not made its current"
            + " revision's ReplicaSet yet",
        "  known-good: none: no current revision");
  }

  @Test
  void anUndoTargetThatIsNotTheKnownGoodWouldBeRefusedWhileTheKnownGoodIsStillNamed() throws Exception {
    DryRun.Target t = DryRun.target(scenario("{procedure: rollout-undo, to: revision, revision: 1}"),
        deployment(2, 1, 1).build(), HISTORY);

    assertThat(t.lines()).hasSize(2);
    assertThat(t.lines().get(0)).startsWith("  preflight: WOULD REFUSE: rollback.to revision 1 is not the known-good"
        + " revision 2 of deployment shop/demo");
    assertThat(t.lines().get(1)).isEqualTo("  known-good (restore target): revision 2, image app:v2, change-cause \"v2\"");
  }
}
