package dev.rollbackdrill.cluster;

/**
 * Faults below the Kubernetes API that a cluster provider can cause on demand, for chaos
 * injections: killing a container's main process as the node's runtime sees it (the kubelet's
 * restart path, which no API call takes), and taking the API server away and bringing it back.
 * Only a provider that owns its nodes and control plane has them ({@link ClusterProvider#faults}).
 */
public interface ClusterFaults {

  /**
   * Kills the main process of the container a pod's status names {@code containerId} (as {@code
   * docker://ID}) with SIGKILL, as an OOM kill would; the kubelet restarts it.
   */
  void killContainer(String containerId) throws ClusterException;

  /** Stops the API server; it stays stopped until {@link #startApiServer}. */
  void stopApiServer() throws ClusterException;

  /** Starts the API server again and returns once it answers. */
  void startApiServer() throws ClusterException;
}
