package dev.rollbackdrill.canary;

/**
 * When a canary fails its analysis, per endpoint: its latency at {@code quantile} (0.5 for the
 * median) is more than {@code latencyRatio} times the baseline's and a Mann-Whitney U test says the
 * two differ at significance {@code alpha}; or its error rate is more than {@code errorRateMargin}
 * (a fraction, 0.01 for one percentage point) above the baseline's and Fisher's exact test of the two
 * proportions says they differ at {@code alpha}. Fewer than {@code minSamples} answers on either
 * track is inconclusive, never a pass and never a fail.
 */
public record CanaryCriteria(double latencyRatio, double quantile, double alpha, double errorRateMargin, int minSamples) {

  /** "canary p50 more than 2x baseline", at 1% significance, errors 1 point above, 30 samples. */
  public static final CanaryCriteria DEFAULTS = new CanaryCriteria(2.0, 0.5, 0.01, 0.01, 30);

  /**
   * The same criteria for an analysis that looks {@code looks} times as samples arrive and stops at
   * the first fail: each look tests at {@code alpha / looks} (Bonferroni), so the chance that equal
   * tracks fail on any look stays at most {@code alpha}.
   */
  public CanaryCriteria spreadOver(int looks) {
    if (looks < 1) {
      throw new IllegalArgumentException("looks must be at least 1, got " + looks);
    }
    return new CanaryCriteria(latencyRatio, quantile, alpha / looks, errorRateMargin, minSamples);
  }

  public CanaryCriteria {
    if (!(latencyRatio > 1)) {
      throw new IllegalArgumentException("latency ratio must be more than 1, got " + latencyRatio);
    }
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("quantile must be between 0 and 1, got " + quantile);
    }
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new IllegalArgumentException("alpha must be between 0 and 0.5, got " + alpha);
    }
    if (!(errorRateMargin >= 0 && errorRateMargin < 1)) {
      throw new IllegalArgumentException("error rate margin must be from 0 to 1, got " + errorRateMargin);
    }
    if (minSamples < 5) {
      throw new IllegalArgumentException("min samples must be at least 5, got " + minSamples);
    }
  }
}
