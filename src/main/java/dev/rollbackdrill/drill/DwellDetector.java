package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.TargetWatch;
import java.util.function.Predicate;

/** {@code dwell}: the change stays for the scenario's {@code for}, whatever it does. */
final class DwellDetector extends WatchDetector {

  @Override
  Predicate<TargetWatch.Snapshot> decided(Detection d) {
    long start = d.ticker().nanos();
    long need = d.rule().duration().toNanos();
    return snap -> d.ticker().nanos() - start >= need;
  }

  @Override
  boolean onTime() {
    return true;
  }

  @Override
  boolean brokenMustNotRollOut() {
    return false;
  }

  @Override
  String what(Detection d) {
    return "dwell of " + duration(d) + " elapsed";
  }
}
