package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.scenario.Detect;
import dev.rollbackdrill.scenario.Durations;

/**
 * {@code error-rate}: more than the scenario's share of the load's requests failed over its window
 * (which must hold at least {@link Detect#MIN_WINDOW_REQUESTS} requests); decided by the request
 * whose answer crossed it.
 */
final class ErrorRateDetector implements Detector {

  @Override
  public String await(Detection d) throws DrillFailure {
    Detect rule = d.rule();
    String what = "error rate above " + percent(rule.errorRateAbove()) + " over " + Durations.format(rule.over());
    if (d.load() == null) {
      throw new DrillFailure("detect: " + what + " needs the scenario's load, and it has none");
    }
    try {
      d.load().awaitErrorRate(rule.errorRateAbove(), rule.over(), Detect.MIN_WINDOW_REQUESTS, d.timeout());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new DrillFailure("detect: the release was never detected as bad (" + what + " not reached within "
          + Durations.format(d.timeout()) + "; " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrillFailure("detect: interrupted");
    }
    return what;
  }

  static String percent(double fraction) {
    return dev.rollbackdrill.scenario.Percentages.format(fraction, 3);
  }
}
