package dev.rollbackdrill.scenario;

import java.time.Duration;

/**
 * The synthetic load a drill runs against the target's Service for its whole length, through the
 * API server's proxy (never a ClusterIP), to measure what users saw. {@code ratePerSecond}
 * requests per second, open loop (a slow answer does not slow the schedule), each GET {@code path}
 * on {@code service}:{@code port}, failed when not 2xx or not answered within {@code timeout}. The
 * load stops by itself after {@code maxDuration} or {@code maxRequests} requests, whichever comes
 * first, even if the drill does not stop it.
 */
public record Load(
    double ratePerSecond,
    String path,
    String service,
    int port,
    Duration timeout,
    Duration maxDuration,
    long maxRequests) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);
  public static final double DEFAULT_RATE = 10;

  /** The rate as written in scenarios, e.g. {@code 10/s} or {@code 0.5/s}. */
  public String rate() {
    return new java.math.BigDecimal(ratePerSecond).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString() + "/s";
  }

  /** Where the requests go, relative to the API server: {@code services/demo:8080/proxy/...}. */
  public String describe() {
    return "services/" + service + ":" + port + "/proxy" + path;
  }
}
