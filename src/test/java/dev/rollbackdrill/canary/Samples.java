package dev.rollbackdrill.canary;

import java.util.SplittableRandom;

/** Generated answers for the analysis's tests and benchmark: log-normal latencies and a failure rate. */
final class Samples {
  private Samples() {}

  /** {@code n} requests around a median of {@code medianNanos} (sigma 0.4), each failing with {@code errorRate}. */
  static TrackSamples.Snapshot of(SplittableRandom random, int n, double medianNanos, double errorRate) {
    TrackSamples t = new TrackSamples();
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < errorRate) {
        t.failed();
      } else {
        t.ok(Math.round(medianNanos * Math.exp(0.4 * gaussian(random))));
      }
    }
    return t.snapshot();
  }

  private static double gaussian(SplittableRandom r) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
