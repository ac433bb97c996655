package dev.rollbackdrill.scenario;

/**
 * An infrastructure fault a drill injects while the rollback runs: {@code pod-kill} deletes pods of
 * the known-good or the candidate ReplicaSet (at once, no grace), once or every interval; {@code
 * cpu-pressure} runs noisy-neighbour pods burning CPU on the target's node, in the drill's
 * namespace; {@code quota-squeeze} puts a ResourceQuota in the namespace that leaves no room for one
 * more pod, so a rollout cannot surge; {@code container-kill} kills the main process of containers
 * of those ReplicaSets through the node's runtime (the kubelet restarts them in place); {@code
 * api-unavailable} stops the API server for a while (the last two need a provider that owns its
 * nodes and control plane: the local cluster).
 */
public enum ChaosKind {
  POD_KILL,
  CPU_PRESSURE,
  QUOTA_SQUEEZE,
  CONTAINER_KILL,
  API_UNAVAILABLE;

  /** The spelling used in scenario files, e.g. {@code pod-kill}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
