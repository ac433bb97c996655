package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollout history a drill takes in preflight, and how it tells a history that is not as found. */
class RolloutHistoryTest {

  private static Deployment shop(Integer limit, long revision) {
    return new DeploymentBuilder().withNewMetadata().withName("shop").withNamespace("ns").withUid("d-uid")
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addToAnnotations("kubernetes.io/change-cause", "release 2").endMetadata()
        .withNewSpec().withRevisionHistoryLimit(limit).endSpec().build();
  }

  private static ReplicaSet rs(String uid, long revision, String drillId) {
    return new ReplicaSetBuilder().withNewMetadata().withName("shop-" + uid).withUid(uid)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addNewOwnerReference().withUid("d-uid").withController(true).withKind("Deployment").withName("shop")
        .endOwnerReference().endMetadata()
        .withNewSpec().withReplicas(0).withNewTemplate().withNewMetadata()
        .addToAnnotations(drillId == null ? "team" : "rollback-drill/noop", drillId == null ? "x" : drillId)
        .endMetadata().endTemplate().endSpec().build();
  }

  @Test
  void theLimitIsRaisedOnlyWhenTheDrillWouldPushATeamRevisionOut() {
    List<ReplicaSet> two = List.of(rs("a", 1, null), rs("b", 2, null));
    assertThat(RolloutHistory.of(shop(1, 2), two).limitForDrill()).isEqualTo(3);
    assertThat(RolloutHistory.of(shop(2, 2), two).limitForDrill()).isEqualTo(3);
    assertThat(RolloutHistory.of(shop(3, 2), two).limitForDrill()).isNull();
    assertThat(RolloutHistory.of(shop(null, 2), two).limitForDrill()).as("the default 10").isNull();
  }

  @Test
  void aHistoryAsFoundHasNoDifferences() {
    List<ReplicaSet> rss = List.of(rs("a", 1, null), rs("b", 2, null));
    RolloutHistory h = RolloutHistory.of(shop(10, 2), rss);
    assertThat(h.differences(shop(10, 2), rss)).isEmpty();
    assertThat(h.describe()).isEqualTo("revisions [1, 2]");
  }

  @Test
  void theDrillsRenumberingItsCandidateAndItsBookkeepingAreDifferences() {
    RolloutHistory h = RolloutHistory.of(shop(1, 2), List.of(rs("a", 1, null), rs("b", 2, null)));
    ReplicaSet renumbered = rs("b", 4, null);
    renumbered.getMetadata().getAnnotations().put("rollback-drill/known-good", "{}");
    List<ReplicaSet> after = new ArrayList<>(List.of(rs("a", 1, null), renumbered, rs("c", 3, "d1")));

    assertThat(h.differences(shop(3, 4), after)).containsExactly(
        "revision 2 (shop-b) has other annotations: it is revision 4 now",
        "revision 3 (shop-c) was not there before",
        "the deployment is at revision 4, was 2",
        "revisionHistoryLimit is 3, was 1");
    assertThat(RolloutHistory.madeBy(after.get(2), "d1")).isTrue();
    assertThat(RolloutHistory.madeBy(after.get(2), "d2")).as("another drill's").isFalse();
    assertThat(RolloutHistory.madeBy(after.get(0), "d1")).as("the team's").isFalse();
  }

  @Test
  void bookkeepingAnOlderVersionLeftIsNotPartOfTheHistory() {
    ReplicaSet old = rs("a", 1, null);
    old.getMetadata().getAnnotations().put("rollback-drill/known-good", "{\"drillId\":\"old\"}");
    RolloutHistory h = RolloutHistory.of(shop(10, 1), List.of(old));
    assertThat(h.replicaSets().get(0).annotations()).doesNotContainKey("rollback-drill/known-good");
    assertThat(h.differences(shop(10, 1), List.of(old))).containsExactly("revision 1 (shop-a) has other annotations");
  }

  @Test
  void itTravelsInTheKnownGoodRecordOnTheLease() throws Exception {
    RolloutHistory h = RolloutHistory.of(shop(1, 2), List.of(rs("a", 1, null), rs("b", 2, null)));
    KnownGood kg = new KnownGood("d1", "alice@host pid 1 drill d1", java.time.Instant.parse("2026-12-01T00:00:00Z"), 2,
        "hash", "shop:2", 600, null, h);
    KnownGood back = Serialization.jsonMapper().readValue(Serialization.jsonMapper().writeValueAsString(kg), KnownGood.class);
    assertThat(back).isEqualTo(kg);
    assertThat(back.history().differences(shop(1, 2), List.of(rs("a", 1, null), rs("b", 2, null)))).isEmpty();
  }
}
