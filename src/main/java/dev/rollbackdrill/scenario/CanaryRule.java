package dev.rollbackdrill.scenario;

import dev.rollbackdrill.canary.CanaryCriteria;
import java.util.List;

/**
 * What a {@code canary-analysis} samples and how it judges: {@code endpoints} (paths) on {@code
 * port} of each track's pods, each track at {@code ratePerSecond} requests per endpoint through
 * the API server's pod proxy, judged by {@code criteria}; a request slower than {@code
 * requestTimeout} counts as failed.
 */
public record CanaryRule(List<String> endpoints, int port, double ratePerSecond, java.time.Duration requestTimeout,
    CanaryCriteria criteria) {

  /** Sampling rate per track and endpoint, unless the scenario says. */
  public static final double DEFAULT_RATE = 20;

  public CanaryRule {
    endpoints = List.copyOf(endpoints);
  }
}
