package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.TargetWatch;
import java.util.function.Predicate;

/** {@code rollout-complete}: a no-op is good once the candidate rolled out and no known-good pod is left. */
final class RolloutCompleteDetector extends WatchDetector {

  @Override
  Predicate<TargetWatch.Snapshot> decided(Detection d) {
    return snap -> candidateRolledOut(d, snap) && snap.livePodsOf(d.knownGoodHash()).isEmpty();
  }

  @Override
  String what(Detection d) {
    return "candidate rolled out completely";
  }
}
