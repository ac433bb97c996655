package dev.rollbackdrill.canary;

import java.util.Locale;

/**
 * What the analysis decided for one endpoint, with the numbers it decided on: requests and failed
 * requests per track, each track's latency at the criteria's quantile (nanoseconds, null with no
 * successful answer), their ratio, and the p-values of the latency and error-rate tests (null when
 * a test did not run: too few samples, or no failure on either track).
 */
public record EndpointDecision(
    String endpoint,
    Verdict verdict,
    String reason,
    long canaryRequests,
    long baselineRequests,
    long canaryFailed,
    long baselineFailed,
    Long canaryLatencyNanos,
    Long baselineLatencyNanos,
    Double latencyRatio,
    Double latencyP,
    Double errorP) {

  /** One line with every number, e.g. {@code /checkout fail: p50 61.0ms vs 20.3ms (3.00x), p=2.1e-12; ...}. */
  public String describe(double quantile) {
    StringBuilder b = new StringBuilder(endpoint).append(' ').append(verdict.word()).append(": ").append(reason);
    b.append("; samples ").append(canaryRequests).append(" canary, ").append(baselineRequests).append(" baseline");
    if (canaryLatencyNanos != null && baselineLatencyNanos != null) {
      b.append("; p").append(quantileName(quantile)).append(' ').append(ms(canaryLatencyNanos)).append(" vs ")
          .append(ms(baselineLatencyNanos));
      if (latencyRatio != null) {
        b.append(String.format(Locale.ROOT, " (%.2fx)", latencyRatio));
      }
      if (latencyP != null) {
        b.append(", Mann-Whitney p=").append(p(latencyP));
      }
    }
    b.append("; errors ").append(canaryFailed).append(" vs ").append(baselineFailed);
    if (errorP != null) {
      b.append(", Fisher p=").append(p(errorP));
    }
    return b.toString();
  }

  static String quantileName(double q) {
    return new java.math.BigDecimal(q * 100).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1fms", nanos / 1e6);
  }

  static String p(double p) {
    if (p == 0) {
      return "<1e-300"; // below what a double holds: the normal approximation's tail underflowed
    }
    return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
  }
}
