package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import java.util.function.Predicate;

/**
 * {@code rollout-stalled}: the controller's own verdict, its Progressing condition turned False
 * with reason ProgressDeadlineExceeded (the drill shortened the deadline to the scenario's).
 */
final class RolloutStalledDetector extends WatchDetector {

  @Override
  Predicate<TargetWatch.Snapshot> decided(Detection d) {
    return snap -> Rollouts.stalled(snap.deployment());
  }

  @Override
  String what(Detection d) {
    return "rollout stalled (progress deadline exceeded)";
  }
}
