package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code ci/cluster/lib.sh} keeps the local cluster's state (the same environment variables,
 * the same defaults), and whether that cluster is running as {@code cluster.sh status} would say:
 * every component's process alive and the node Ready. A drill asks this first, so that one on a
 * running cluster need not spend a shell, kubectl and curl on {@code cluster.sh up}'s checks.
 *
 * @param state the cluster's state folder ({@code $RBD_STATE})
 * @param node the node's name ({@code $RBD_NODE})
 */
record LocalClusterState(Path state, String node) {

  /** What {@code cluster.sh up} starts and {@code status} checks, in its order. */
  static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
      "kubelet");

  /** As lib.sh reads them from {@code env}: RBD_STATE, else RBD_CACHE, XDG_CACHE_HOME or HOME's .cache. */
  static LocalClusterState of(Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    String cache = nonEmpty(env.get("RBD_CACHE"), nonEmpty(env.get("XDG_CACHE_HOME"), home + "/.cache") + "/rollback-drill");
    String state = nonEmpty(env.get("RBD_STATE"), cache + "/local-cluster");
    return new LocalClusterState(Path.of(state), nonEmpty(env.get("RBD_NODE"), "drill-node"));
  }

  /** {@code ${VAR:-default}}: unset and empty alike take the default. */
  private static String nonEmpty(String value, String otherwise) {
    return value == null || value.isEmpty() ? otherwise : value;
  }

  Path kubeconfig() {
    return state.resolve("kubeconfig");
  }

  Path logs() {
    return state.resolve("logs");
  }

  /**
   * The components whose process is not running (no pid file, or no such process), and the Docker
   * engine when cluster.sh started it and it is gone (one already running is not cluster.sh's).
   */
  List<String> stopped() {
    List<String> stopped = new ArrayList<>();
    Path dockerd = state.resolve("pids").resolve("dockerd.pid");
    if (Files.exists(dockerd) && !alive(dockerd)) {
      stopped.add("dockerd");
    }
    for (String c : COMPONENTS) {
      if (!alive(state.resolve("pids").resolve(c + ".pid"))) {
        stopped.add(c);
      }
    }
    return stopped;
  }

  private static boolean alive(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /**
   * Why the cluster is not up and ready for drills, or empty when it is: every component running
   * and the API server saying the node is Ready. Never starts anything.
   */
  Optional<String> notReady() {
    List<String> stopped = stopped();
    if (!stopped.isEmpty()) {
      return Optional.of(String.join(", ", stopped) + " not running");
    }
    if (!Files.isRegularFile(kubeconfig())) {
      return Optional.of("no kubeconfig at " + kubeconfig());
    }
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Kubeconfigs.load(kubeconfig(), null)).build()) {
      Node n = client.nodes().withName(node).get();
      boolean ready = n != null && n.getStatus() != null && n.getStatus().getConditions() != null
          && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      return ready ? Optional.empty() : Optional.of("node " + node + " not Ready");
    } catch (ClusterException | KubernetesClientException e) {
      return Optional.of("the API server did not answer: " + e.getMessage());
    }
  }
}
