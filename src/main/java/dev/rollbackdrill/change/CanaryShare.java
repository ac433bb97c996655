package dev.rollbackdrill.change;

/**
 * What a canary drill put beside its target: the weight the scenario asked ({@code 0.05} for 5%),
 * the share the replicas give ({@code canaryPods} of {@code canaryPods + baselinePods} endpoints),
 * and the prefix of its pods' names, by which an answer's {@code X-Served-By} shows the canary
 * served it.
 */
public record CanaryShare(double weight, double share, int canaryPods, int baselinePods, String podPrefix) {}
