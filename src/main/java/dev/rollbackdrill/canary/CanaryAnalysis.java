package dev.rollbackdrill.canary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;

/**
 * Compares a canary with its baseline, endpoint by endpoint, on {@link CanaryCriteria}: error rate
 * first (Fisher's exact test of the two proportions, with the margin as the effect that matters),
 * then latency (a Mann-Whitney U rank test, with the ratio of the two tracks' quantiles as the
 * effect that matters). A fail needs both the effect and the significance, so a canary is never
 * failed on a difference too small to matter, nor on one the samples cannot tell from noise.
 */
public final class CanaryAnalysis {

  private final CanaryCriteria criteria;

  public CanaryAnalysis(CanaryCriteria criteria) {
    this.criteria = criteria;
  }

  /** Decides on each endpoint's samples, {@code canary} and {@code baseline} keyed alike, in order. */
  public CanaryDecision decide(Map<String, TrackSamples.Snapshot> canary, Map<String, TrackSamples.Snapshot> baseline) {
    List<EndpointDecision> out = new ArrayList<>();
    TrackSamples.Snapshot none = new TrackSamples.Snapshot(new long[0], 0);
    canary.forEach((endpoint, c) -> out.add(endpoint(endpoint, c, baseline.getOrDefault(endpoint, none))));
    Verdict v = out.stream().anyMatch(d -> d.verdict() == Verdict.FAIL) ? Verdict.FAIL
        : out.isEmpty() || out.stream().anyMatch(d -> d.verdict() == Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE
        : Verdict.PASS;
    return new CanaryDecision(v, out, criteria.quantile());
  }

  /** The decision for one endpoint. */
  public EndpointDecision endpoint(String endpoint, TrackSamples.Snapshot canary, TrackSamples.Snapshot baseline) {
    int min = criteria.minSamples();
    long cn = canary.requests();
    long bn = baseline.requests();
    if (cn < min || bn < min) {
      return new EndpointDecision(endpoint, Verdict.INCONCLUSIVE, "too few samples (need " + min + " per track)", cn, bn,
          canary.failed(), baseline.failed(), null, null, null, null, null);
    }
    Double errorP = errorP(canary, baseline);
    double canaryRate = (double) canary.failed() / cn;
    double baselineRate = (double) baseline.failed() / bn;
    long[] cs = sorted(canary.latencies());
    long[] bs = sorted(baseline.latencies());
    Long cq = quantile(cs);
    Long bq = quantile(bs);
    if (errorP != null && errorP < criteria.alpha() && canaryRate > baselineRate + criteria.errorRateMargin()) {
      return new EndpointDecision(endpoint, Verdict.FAIL, String.format(java.util.Locale.ROOT,
          "error rate %.1f%% canary vs %.1f%% baseline", 100 * canaryRate, 100 * baselineRate), cn, bn,
          canary.failed(), baseline.failed(), cq, bq, null, null, errorP);
    }
    if (cs.length < min || bs.length < min) {
      return new EndpointDecision(endpoint, Verdict.INCONCLUSIVE, "too few successful answers for latency (need " + min
          + " per track)", cn, bn, canary.failed(), baseline.failed(), cq, bq, null, null, errorP);
    }
    double ratio = bq == 0 ? Double.POSITIVE_INFINITY : (double) cq / bq;
    double latencyP = new MannWhitneyUTest().mannWhitneyUTest(doubles(cs), doubles(bs));
    boolean slower = ratio > criteria.latencyRatio() && latencyP < criteria.alpha();
    String reason = slower
        ? String.format(java.util.Locale.ROOT, "latency %.2fx the baseline's, more than %sx", ratio, trim(criteria.latencyRatio()))
        : "no difference that matters";
    return new EndpointDecision(endpoint, slower ? Verdict.FAIL : Verdict.PASS, reason, cn, bn, canary.failed(),
        baseline.failed(), cq, bq, ratio, latencyP, errorP);
  }

  /**
   * Fisher's exact one-sided p-value that the canary fails at least as often as it did, were both
   * tracks failing alike: the upper tail of the hypergeometric distribution of the canary's share
   * of all failures. Exact on the few failures a short window holds, where a chi-square is not.
   * Null without a failure on either track (or nothing but failures): nothing tells them apart.
   */
  private static Double errorP(TrackSamples.Snapshot canary, TrackSamples.Snapshot baseline) {
    long failed = canary.failed() + baseline.failed();
    long all = canary.requests() + baseline.requests();
    if (failed == 0 || failed == all) {
      return null;
    }
    HypergeometricDistribution h = new HypergeometricDistribution(null, Math.toIntExact(all), Math.toIntExact(failed),
        Math.toIntExact(canary.requests()));
    return h.upperCumulativeProbability(Math.toIntExact(canary.failed()));
  }

  private Long quantile(long[] sorted) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(criteria.quantile() * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static long[] sorted(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s;
  }

  private static double[] doubles(long[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  private static String trim(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
