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

  /**
   * A new client that never retries a request: what users' requests and a canary's samples measure
   * must be each request's own answer. The shared client retries an error status (fabric8 does so
   * for any 5xx), which through a Service's proxy lands on another pod and hides a bad one: a 5%
   * canary answering 500 showed 0 failed user requests of 443 that way. The caller closes it.
   */
  public KubernetesClient newMeasuringClient() {
    Config once = new io.fabric8.kubernetes.client.ConfigBuilder(config).withRequestRetryBackoffLimit(0).build();
    return new KubernetesClientBuilder().withConfig(once).build();
  }

  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfigPath);
  }
}
