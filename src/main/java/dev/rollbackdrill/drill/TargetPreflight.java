package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.scenario.Procedure;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.UndoTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks on a target Deployment that decide, before anything changes, whether a drill may
 * run: it exists, is not paused, keeps revision history, is not mid-rollout, and the undo target
 * the scenario names is its known-good revision. Pure functions of what was read, so the drill's
 * preflight and the dry run ({@link DryRun}) refuse exactly the same targets with the same words.
 */
public final class TargetPreflight {

  private TargetPreflight() {}

  /** Why the drill must not touch {@code d} ({@code rss}: the namespace's ReplicaSets), or empty. */
  public static Optional<String> refusal(Scenario s, Deployment d, List<ReplicaSet> rss) {
    String what = "deployment " + s.target().namespace() + "/" + s.target().deployment();
    if (d == null) {
      return Optional.of(what + " not found");
    }
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return Optional.of(what + " is paused; a paused deployment does not roll out or back (kubectl rollout resume it first)");
    }
    // With no revision history the known-good ReplicaSet is deleted as soon as the candidate
    // rolls out, and there is nothing to undo to.
    if (Integer.valueOf(0).equals(d.getSpec().getRevisionHistoryLimit())) {
      return Optional.of(what + " keeps no revision history (revisionHistoryLimit: 0), so its known-good revision"
          + " could not be rolled back to");
    }
    Map<String, String> selector = d.getSpec().getSelector() == null ? null : d.getSpec().getSelector().getMatchLabels();
    if (selector == null || selector.isEmpty()) {
      return Optional.of(what + " has no matchLabels selector");
    }
    Optional<String> mid = midRollout(what, d, rss);
    if (mid.isPresent()) {
      return mid;
    }
    return undoTargetProblem(s, d, rss);
  }

  /**
   * A target whose rollout is not complete has no known-good to restore: refused at once, saying
   * what the rollout waits for (a stuck revision is not a known-good one).
   */
  static Optional<String> midRollout(String what, Deployment d, List<ReplicaSet> rss) {
    if (Rollouts.current(d, rss).isEmpty()) {
      return Optional.of(what + " is mid-rollout: the controller has not made its current revision's ReplicaSet yet");
    }
    if (!Rollouts.complete(d)) {
      return Optional.of(what + " is mid-rollout (revision " + Rollouts.revision(d) + ": " + Rollouts.waitingFor(d)
          + (Rollouts.stalled(d) ? "; progress deadline exceeded" : "")
          + "), so it has no known-good revision to come back to; let the rollout finish or undo it first");
    }
    return Optional.empty();
  }

  /**
   * A {@code rollout-undo} that names its target must name the known-good revision (the current
   * one before the change): an older revision would deploy an older release, which the drill
   * would then have to undo itself. Checked on the history as it is now, in which the known-good
   * is the current revision.
   */
  static Optional<String> undoTargetProblem(Scenario s, Deployment d, List<ReplicaSet> rss) {
    if (s.rollback().procedure() != Procedure.ROLLOUT_UNDO || s.rollback().to() == null) {
      return Optional.empty();
    }
    UndoTarget to = s.rollback().to();
    if (to == UndoTarget.PREVIOUS || to == UndoTarget.LAST_KNOWN_GOOD) {
      return Optional.empty();
    }
    ReplicaSet knownGood = Rollouts.current(d, rss).orElseThrow();
    long kg = Rollouts.revision(knownGood);
    List<ReplicaSet> owned = Rollouts.owned(d, rss); // newest first
    String what = "deployment " + s.target().namespace() + "/" + s.target().deployment();
    if (to == UndoTarget.REVISION) {
      String gone = RevisionRetention.problem(d, rss, s.rollback().revision());
      if (gone != null) {
        return Optional.of(gone);
      }
      if (s.rollback().revision() != kg) {
        return Optional.of("rollback.to revision " + s.rollback().revision() + " is not the known-good revision " + kg
            + " of " + what + " but an older one; undoing to it would deploy an older release than the one running."
            + " Name revision " + kg + ", or better its change-cause or image, which stay the same from month to month");
      }
      return Optional.empty();
    }
    String named = describeNamed(s);
    Optional<ReplicaSet> match = owned.stream().filter(rs -> matches(s, rs)).findFirst();
    if (match.isEmpty()) {
      return Optional.of("rollback.to " + named + " matches no retained revision of " + what + " (retained: "
          + owned.stream().map(rs -> describe(rs, s.target().container())).toList() + ")");
    }
    if (match.get() != knownGood) {
      return Optional.of("rollback.to " + named + " names revision " + Rollouts.revision(match.get()) + ", not the"
          + " known-good revision " + kg + " of " + what + " (" + describe(knownGood, s.target().container())
          + "); undoing to it would deploy an older release than the one running");
    }
    return Optional.empty();
  }

  /** Whether {@code rs} is what the scenario's {@code rollback.to} names by change-cause or image. */
  public static boolean matches(Scenario s, ReplicaSet rs) {
    return switch (s.rollback().to()) {
      case CHANGE_CAUSE -> Objects.equals(s.rollback().changeCause(), Rollouts.changeCause(rs));
      case IMAGE -> Objects.equals(s.rollback().image(), Rollouts.image(rs.getSpec().getTemplate(), s.target().container()));
      default -> false;
    };
  }

  private static String describeNamed(Scenario s) {
    return switch (s.rollback().to()) {
      case CHANGE_CAUSE -> "change-cause \"" + s.rollback().changeCause() + "\"";
      case IMAGE -> "image " + s.rollback().image();
      default -> s.rollback().to().yamlName();
    };
  }

  private static String describe(ReplicaSet rs, String container) {
    return "revision " + Rollouts.revision(rs) + " " + Rollouts.image(rs.getSpec().getTemplate(), container)
        + (Rollouts.changeCause(rs) == null ? "" : " \"" + Rollouts.changeCause(rs) + "\"");
  }
}
