package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.Rollouts;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * Whether a Deployment will still have a named revision when a drill's rollback asks for it
 * ({@code rollback.to: revision N}): it must be retained now, and the candidate's rollout must not
 * push it out. The controller keeps {@code revisionHistoryLimit} (default 10) old ReplicaSets and
 * deletes the oldest beyond that once they are scaled down; after the candidate rolls out, every
 * ReplicaSet retained now is an old one.
 */
final class RevisionRetention {

  /** The controller's default {@code revisionHistoryLimit}. */
  static final int DEFAULT_LIMIT = 10;

  private RevisionRetention() {}

  /** Null when revision {@code n} of {@code d} will be there to undo to; otherwise why not. */
  static String problem(Deployment d, List<ReplicaSet> replicaSets, long n) {
    String what = "deployment " + d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
    List<ReplicaSet> owned = Rollouts.owned(d, replicaSets); // newest first
    List<Long> retained = owned.stream().map(Rollouts::revision).sorted().toList();
    if (!retained.contains(n)) {
      return "rollback.to revision " + n + " is not retained by " + what + " (retained revisions: " + retained
          + "), so the undo would fail; name a retained revision";
    }
    int limit = d.getSpec().getRevisionHistoryLimit() == null ? DEFAULT_LIMIT : d.getSpec().getRevisionHistoryLimit();
    if (owned.size() > limit) {
      List<Long> pruned = retained.subList(0, owned.size() - limit);
      if (pruned.contains(n)) {
        return "rollback.to revision " + n + " of " + what + " would be deleted by the controller once the candidate"
            + " rolls out: revisionHistoryLimit " + limit + " keeps only the newest " + limit + " old revisions of "
            + retained + "; raise the limit or name a newer revision";
      }
    }
    return null;
  }
}
