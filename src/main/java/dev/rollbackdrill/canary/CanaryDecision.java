package dev.rollbackdrill.canary;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An analysis's decision over every endpoint: fail when any endpoint failed, else inconclusive
 * when any could not be told yet, else pass; {@code endpoints} in the scenario's order.
 */
public record CanaryDecision(Verdict verdict, List<EndpointDecision> endpoints, double quantile) {

  public CanaryDecision {
    endpoints = List.copyOf(endpoints);
  }

  /** The endpoint that decided a fail (the first that failed), else null. */
  public EndpointDecision failed() {
    return endpoints.stream().filter(e -> e.verdict() == Verdict.FAIL).findFirst().orElse(null);
  }

  /** Every endpoint's line, the deciding one first. */
  public String describe() {
    EndpointDecision first = failed();
    return endpoints.stream()
        .sorted((a, b) -> a == first ? -1 : b == first ? 1 : 0)
        .map(e -> e.describe(quantile))
        .collect(Collectors.joining(" | "));
  }
}
