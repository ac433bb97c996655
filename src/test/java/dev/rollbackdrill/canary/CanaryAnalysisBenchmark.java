package dev.rollbackdrill.canary;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Prints how long one analysis of {@code n} samples per track takes (ci/bench/canary-benchmark.sh):
 * a canary 3x slower than its baseline, after warm-up rounds, median and worst of the measured
 * rounds. Target: under 100 ms for 100,000 samples per track.
 */
public final class CanaryAnalysisBenchmark {
  private CanaryAnalysisBenchmark() {}

  /** {@code CanaryAnalysisBenchmark [samples-per-track=100000] [rounds=15]}. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    SplittableRandom r = new SplittableRandom(42);
    Map<String, TrackSamples.Snapshot> canary = Map.of("/checkout", Samples.of(r, n, 60e6, 0.01));
    Map<String, TrackSamples.Snapshot> baseline = Map.of("/checkout", Samples.of(r, n, 20e6, 0.01));
    CanaryAnalysis analysis = new CanaryAnalysis(CanaryCriteria.DEFAULTS);
    for (int i = 0; i < 5; i++) {
      analysis.decide(canary, baseline);
    }
    long[] took = new long[rounds];
    CanaryDecision last = null;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      last = analysis.decide(canary, baseline);
      took[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(took);
    System.out.printf(Locale.ROOT, "canary analysis, %,d samples per track, %d rounds: median %.1f ms, max %.1f ms%n",
        n, rounds, took[rounds / 2] / 1e6, took[rounds - 1] / 1e6);
    System.out.println("decision: " + last.describe());
  }
}
