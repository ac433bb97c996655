package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Client configuration from a kubeconfig file, with timeouts suited to drills. */
final class Kubeconfigs {
  private Kubeconfigs() {}

  static Config load(Path kubeconfig, String context) throws ClusterException {
    try {
      String yaml = Files.readString(kubeconfig);
      Config config =
          context == null ? Config.fromKubeconfig(yaml) : Config.fromKubeconfig(context, yaml, null);
      return tune(config);
    } catch (IOException | RuntimeException e) {
      throw new ClusterException(
          "cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
    }
  }

  static Config tune(Config config) {
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(15_000);
    // A drill must see every retry it causes; the client's own silent retries hide outages.
    config.setRequestRetryBackoffLimit(2);
    return config;
  }
}
