package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import java.util.function.Predicate;

/** {@code crash-looping}: a candidate pod restarted the scenario's number of times (default 2). */
final class CrashLoopingDetector extends WatchDetector {

  private static int restarts(Detection d) {
    return Math.max(1, d.rule().restarts());
  }

  @Override
  Predicate<TargetWatch.Snapshot> decided(Detection d) {
    int restarts = restarts(d);
    return snap -> snap.livePodsOf(d.candidateHash()).stream().anyMatch(p -> Rollouts.restarts(p) >= restarts);
  }

  @Override
  String what(Detection d) {
    return "candidate pods restarted " + restarts(d) + "+ times";
  }
}
