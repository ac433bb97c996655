package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.timing.Phase;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A detector that decides on what the target's watch shows: a condition over its snapshots,
 * awaited as a {@link HealthGate}. A broken candidate that rolls out healthy ends the wait at
 * once (the fault did not break it), and so does a deleted Deployment.
 */
abstract class WatchDetector implements Detector {

  /** The condition that decides the release; may keep state across snapshots (one call per detect). */
  abstract Predicate<TargetWatch.Snapshot> decided(Detection d);

  /** What the condition means, for the phase's detail. */
  abstract String what(Detection d);

  /** Whether the condition turns true with time rather than with an event (a duration elapsed). */
  boolean onTime() {
    return false;
  }

  /** Whether a broken candidate that rolled out healthy ends this wait as a failure. */
  boolean brokenMustNotRollOut() {
    return true;
  }

  @Override
  public final String await(Detection d) throws DrillFailure {
    Predicate<TargetWatch.Snapshot> decided = decided(d);
    String alias = Phase.DETECT.recordName();
    try {
      (onTime() ? HealthGate.onTime(alias, decided) : HealthGate.named(alias, decided))
          .failFast(snap -> snap.deployment() == null ? Optional.of("the deployment was deleted")
              : d.change() == ChangeType.BROKEN && brokenMustNotRollOut() && candidateRolledOut(d, snap)
              ? Optional.of("the broken candidate rolled out healthy; the fault did not break it")
              : Optional.empty())
          .await(d.watch(), d.timeout(), d.describe());
    } catch (GateException e) {
      throw new DrillFailure("detect: the release was never detected as "
          + (d.change() == ChangeType.NOOP ? "good" : "bad") + " (" + e.getMessage() + ")");
    }
    return what(d);
  }

  /** The rollout is complete on the candidate's template. */
  static boolean candidateRolledOut(Detection d, TargetWatch.Snapshot snap) {
    return Rollouts.complete(snap.deployment())
        && Rollouts.current(snap.deployment(), snap.replicaSets())
            .map(rs -> d.candidateHash() != null && d.candidateHash().equals(Rollouts.hash(rs))).orElse(false);
  }

  static String duration(Detection d) {
    return Durations.format(d.rule().duration());
  }
}
