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

/** What the drill's preflight and the dry run refuse on a team's Deployment, before anything changes. */
class TargetPreflightTest {

  @TempDir Path dir;

  private Scenario scenario(String rollback) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, """
        name: s
        target: {namespace: ns, deployment: shop}
        change: {type: noop}
        detect: {type: rollout-complete}
        rollback:
        %s
        slo: 30s
        """.formatted(rollback.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("")));
    return ScenarioLoader.load(f);
  }

  /** The team's shop at revision {@code current} of 1..current, rolled out completely unless {@code updated} is short. */
  private static Deployment shop(long current, int updated) {
    return new DeploymentBuilder().withNewMetadata().withName("shop").withNamespace("ns").withUid("d-uid")
        .withGeneration(5L).addToAnnotations("deployment.kubernetes.io/revision", Long.toString(current)).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "shop").endSelector().endSpec()
        .withNewStatus().withObservedGeneration(5L).withUpdatedReplicas(updated).withReplicas(2).withAvailableReplicas(updated)
        .endStatus().build();
  }

  private static List<ReplicaSet> releases(long current) {
    List<ReplicaSet> rss = new java.util.ArrayList<>();
    for (long r = 1; r <= current; r++) {
      rss.add(new ReplicaSetBuilder().withNewMetadata().withName("shop-" + r)
          .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(r))
          .addToAnnotations("kubernetes.io/change-cause", "release " + r)
          .addNewOwnerReference().withUid("d-uid").withController(true).withKind("Deployment").withName("shop")
          .endOwnerReference().endMetadata()
          .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("app")
          .withImage("shop:" + r).endContainer().endSpec().endTemplate().endSpec().build());
    }
    return rss;
  }

  @Test
  void aSettledDeploymentWithAnUndoToPreviousIsFine() throws Exception {
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo"), shop(2, 2), releases(2))).isEmpty();
  }

  @Test
  void aDeploymentMidRolloutIsRefusedAtOnceSayingWhatItWaitsFor() throws Exception {
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo"), shop(2, 1), releases(2)))
        .hasValue("deployment ns/shop is mid-rollout (revision 2: 1 of 2 updated replicas), so it has no known-good"
            + " revision to come back to; let the rollout finish or undo it first");
  }

  @Test
  void aPausedDeploymentIsRefused() throws Exception {
    Deployment d = shop(2, 2);
    d.getSpec().setPaused(true);
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo"), d, releases(2)))
        .hasValueSatisfying(r -> assertThat(r).startsWith("deployment ns/shop is paused"));
  }

  @Test
  void aNamedRevisionMustBeTheKnownGood() throws Exception {
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: revision\nrevision: 3"), shop(3, 2),
        releases(3))).isEmpty();
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: revision\nrevision: 2"), shop(3, 2),
        releases(3))).hasValueSatisfying(r -> assertThat(r)
            .startsWith("rollback.to revision 2 is not the known-good revision 3 of deployment ns/shop but an older one"));
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: revision\nrevision: 7"), shop(3, 2),
        releases(3))).hasValueSatisfying(r -> assertThat(r).contains("is not retained"));
  }

  @Test
  void aRevisionNamedByChangeCauseOrImageMustBeTheKnownGood() throws Exception {
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: change-cause\nchangeCause: release 3"),
        shop(3, 2), releases(3))).isEmpty();
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: image\nimage: shop:3"),
        shop(3, 2), releases(3))).isEmpty();
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: change-cause\nchangeCause: release 1"),
        shop(3, 2), releases(3))).hasValue("rollback.to change-cause \"release 1\" names revision 1, not the known-good"
            + " revision 3 of deployment ns/shop (revision 3 shop:3 \"release 3\"); undoing to it would deploy an older"
            + " release than the one running");
    assertThat(TargetPreflight.refusal(scenario("procedure: rollout-undo\nto: image\nimage: shop:9"),
        shop(3, 2), releases(3))).hasValueSatisfying(r -> assertThat(r)
            .startsWith("rollback.to image shop:9 matches no retained revision of deployment ns/shop"));
  }
}
