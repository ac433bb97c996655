package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running cluster: which provider gave it, a name for records, the client configuration and,
 * when there is one on disk, the kubeconfig path it was read from. Runbook commands never get
 * that file (it may hold other contexts); they get a {@link DrillKubeconfig} written from {@code
 * config}.
 */
public record ClusterHandle(String provider, String name, Config config, Path kubeconfigPath) {

  /** A new client; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfigPath);
  }
}
