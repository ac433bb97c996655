package dev.rollbackdrill.cluster;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Where drills run: a throwaway local cluster built on this machine, a Testcontainers k3s
 * cluster, or an existing cluster named by a kubeconfig context. Obtain one with {@link
 * ClusterProviders#of(String)}. {@code up} is idempotent and returns a handle whose clients talk
 * to the cluster; {@code down} tears down what the provider started and nothing else.
 */
public interface ClusterProvider {

  /** The provider as the user names it: {@code local}, {@code k3s}, {@code context:NAME}. */
  String id();

  /** Empty when this provider can run here; otherwise one line saying why not. */
  Optional<String> unavailableReason();

  /** Starts the cluster if needed and waits until a node is Ready. Progress goes to {@code log}. */
  ClusterHandle up(PrintStream log) throws ClusterException;

  /** Stops what this provider started; leaves no process or container behind. */
  void down(PrintStream log) throws ClusterException;

  /** One line per component, and whether the cluster is ready for drills. */
  ClusterStatus status();

  /** The kubeconfig that reaches this cluster, as a path, when the provider keeps one on disk. */
  Optional<java.nio.file.Path> kubeconfig();

  /**
   * What this cluster is called before anything connects to it: its id, and for an existing
   * cluster the names and API server address it is configured with (what the production guard
   * reads). Never connects.
   */
  default java.util.List<String> identifiers() {
    return java.util.List.of(id());
  }

  /** The faults this provider can cause below the API, for chaos; empty when it owns no node or control plane. */
  default Optional<ClusterFaults> faults() {
    return Optional.empty();
  }
}
