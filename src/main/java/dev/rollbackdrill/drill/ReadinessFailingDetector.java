package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.function.Predicate;

/** {@code readiness-failing}: no candidate pod has been ready for the scenario's whole {@code for}. */
final class ReadinessFailingDetector extends WatchDetector {

  @Override
  Predicate<TargetWatch.Snapshot> decided(Detection d) {
    long need = d.rule().duration().toNanos();
    long[] since = {Long.MIN_VALUE};
    return snap -> {
      List<Pod> pods = snap.livePodsOf(d.candidateHash());
      boolean failing = !pods.isEmpty() && pods.stream().noneMatch(Rollouts::ready);
      if (!failing) {
        since[0] = Long.MIN_VALUE;
        return false;
      }
      long now = d.ticker().nanos();
      if (since[0] == Long.MIN_VALUE) {
        since[0] = now;
      }
      return now - since[0] >= need;
    };
  }

  @Override
  boolean onTime() {
    return true;
  }

  @Override
  String what(Detection d) {
    return "candidate pods not ready for " + duration(d);
  }
}
