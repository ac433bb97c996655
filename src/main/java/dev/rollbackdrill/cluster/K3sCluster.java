package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A throwaway k3s cluster in a container, from Testcontainers' K3s module. It lives as long as
 * this process: {@code up} starts it, {@code down} (or the JVM's exit) removes it. Used only when
 * a Docker engine answers and the k3s image is already present, since pulling it needs a
 * registry.
 */
final class K3sCluster implements ClusterProvider {

  static final String IMAGE =
      System.getProperty("rollbackdrill.k3sImage", "rancher/k3s:v1.31.4-k3s1");

  private K3sContainer container;
  private Path kubeconfig;

  @Override
  public String id() {
    return "k3s";
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.of("k3s: Testcontainers finds no Docker engine it can use here (none running, or its API is too old)");
      }
      DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(
          "k3s: image " + IMAGE + " is not present locally and cannot be pulled without a registry");
    }
  }

  @Override
  public synchronized ClusterHandle up(PrintStream log) throws ClusterException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new ClusterException(reason.get());
    }
    if (container == null) {
      log.println("[cluster] starting k3s (" + IMAGE + ") with Testcontainers");
      K3sContainer k3s = new K3sContainer(DockerImageName.parse(IMAGE));
      k3s.start();
      container = k3s;
      try {
        kubeconfig = Files.createTempFile("rollback-drill-k3s", ".kubeconfig");
        Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        kubeconfig.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new ClusterException("cannot write k3s kubeconfig: " + e.getMessage(), e);
      }
    }
    Config config = Kubeconfigs.tune(Config.fromKubeconfig(container.getKubeConfigYaml()));
    return new ClusterHandle(id(), "k3s-" + container.getContainerId().substring(0, 12), config, kubeconfig);
  }

  @Override
  public synchronized void down(PrintStream log) {
    if (container != null) {
      container.stop();
      container = null;
      log.println("[cluster] k3s stopped");
    }
  }

  @Override
  public synchronized ClusterStatus status() {
    if (container != null && container.isRunning()) {
      return new ClusterStatus(true, List.of("k3s: running in container " + container.getContainerId()));
    }
    return new ClusterStatus(
        false, List.of(unavailableReason().orElse("k3s: not started (it lives only as long as a drill run)")));
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }
}
