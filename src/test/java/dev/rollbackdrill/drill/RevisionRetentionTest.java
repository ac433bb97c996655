package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A named revision must be retained now and survive the candidate's rollout. */
class RevisionRetentionTest {

  private static Deployment deployment(Integer limit) {
    return new DeploymentBuilder().withNewMetadata().withName("demo").withNamespace("ns").withUid("d-uid").endMetadata()
        .withNewSpec().withRevisionHistoryLimit(limit).endSpec().build();
  }

  private static ReplicaSet rs(long revision, String owner) {
    return new ReplicaSetBuilder().withNewMetadata().withName("demo-" + revision)
        .addToAnnotations("deployment.kubernetes.io/revision", Long.toString(revision))
        .addNewOwnerReference().withUid(owner).withController(true).withKind("Deployment").withName("demo").endOwnerReference()
        .endMetadata().build();
  }

  private static List<ReplicaSet> revisions(long... rs) {
    return LongStream.of(rs).mapToObj(r -> rs(r, "d-uid")).toList();
  }

  @Test
  void aRetainedRevisionWithRoomInTheHistoryIsFine() {
    assertThat(RevisionRetention.problem(deployment(null), revisions(1, 2, 3), 1)).isNull();
    assertThat(RevisionRetention.problem(deployment(3), revisions(1, 2, 3), 1)).isNull();
  }

  @Test
  void aRevisionThatIsGoneIsNamedWithWhatIsRetained() {
    List<ReplicaSet> rss = new java.util.ArrayList<>(revisions(3, 4));
    rss.add(rs(1, "someone-else")); // another Deployment's revision 1 does not count

    assertThat(RevisionRetention.problem(deployment(null), rss, 1)).isEqualTo(
        "rollback.to revision 1 is not retained by deployment ns/demo (retained revisions: [3, 4]), so the undo would"
            + " fail; name a retained revision");
  }

  @Test
  void aRevisionTheCandidatesRolloutWouldPushOutOfTheHistoryIsRefused() {
    assertThat(RevisionRetention.problem(deployment(2), revisions(1, 2, 3), 1))
        .isEqualTo("rollback.to revision 1 of deployment ns/demo would be deleted by the controller once the candidate"
            + " rolls out: revisionHistoryLimit 2 keeps only the newest 2 old revisions of [1, 2, 3]; raise the limit or"
            + " name a newer revision");
    assertThat(RevisionRetention.problem(deployment(2), revisions(1, 2, 3), 2)).isNull();
    assertThat(RevisionRetention.problem(deployment(null), revisions(LongStream.rangeClosed(1, 11).toArray()), 1))
        .contains("revisionHistoryLimit 10");
  }
}
