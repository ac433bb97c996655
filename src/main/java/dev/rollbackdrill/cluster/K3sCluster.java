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
import org.testcontainers.utility.MountableFile;

/**
 * A throwaway k3s cluster in a container, from Testcontainers' K3s module. It lives as long as
 * this process: {@code up} starts it, {@code down} (or the JVM's exit) removes it. Available
 * wherever Testcontainers finds a Docker engine it can use; {@code up} pulls the k3s image when
 * Docker lacks it (with progress), and loads the demo fixture's images into k3s's own containerd,
 * building them first from {@code ci/cluster/demo/Dockerfile} when Docker lacks them too.
 */
final class K3sCluster implements ClusterProvider {

  static final String IMAGE =
      System.getProperty("rollbackdrill.k3sImage", "rancher/k3s:v1.31.4-k3s1");

  /** Where the demo images' archive goes inside the k3s container for {@code ctr images import}. */
  static final String IMPORT_PATH = "/tmp/rollback-drill-demo-images.tar";

  private final String image;
  private final Path scripts;
  private K3sContainer container;
  private Path kubeconfig;

  K3sCluster(Path scripts) {
    this(IMAGE, scripts);
  }

  K3sCluster(String image, Path scripts) {
    this.image = image;
    this.scripts = scripts;
  }

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
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("k3s: Docker does not answer: " + e.getMessage());
    }
  }

  /** Pulls the k3s image, with progress, when Docker lacks it. */
  void ensureImage(DockerImages images, PrintStream log) throws ClusterException {
    if (!images.present(image)) {
      try {
        images.pull(image, log);
      } catch (ClusterException e) {
        throw new ClusterException(e.getMessage() + " (k3s needs it; or use --cluster local where it runs)", e);
      }
    }
  }

  /** Builds the demo images Docker lacks and imports all of them into the running k3s's containerd. */
  private void loadDemoImages(DockerImages images, PrintStream log) throws ClusterException {
    DemoImages demo = DemoImages.forK3s(images, scripts);
    demo.ensure(log);
    Path archive = null;
    try {
      archive = Files.createTempFile("rollback-drill-demo-images", ".tar");
      demo.save(archive);
      container.copyFileToContainer(MountableFile.forHostPath(archive), IMPORT_PATH);
      var result = container.execInContainer("ctr", "-n", "k8s.io", "images", "import", IMPORT_PATH);
      container.execInContainer("rm", "-f", IMPORT_PATH);
      if (result.getExitCode() != 0) {
        throw new ClusterException("ctr images import in k3s failed: " + result.getStderr().strip());
      }
      log.println("[cluster] demo images " + String.join(", ", DemoImages.references()) + " loaded into k3s");
    } catch (IOException e) {
      throw new ClusterException("cannot load the demo images into k3s: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while loading the demo images into k3s", e);
    } finally {
      if (archive != null) {
        try {
          Files.deleteIfExists(archive);
        } catch (IOException ignored) {
          // a temporary file; the next load replaces it
        }
      }
    }
  }

  @Override
  public synchronized ClusterHandle up(PrintStream log) throws ClusterException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new ClusterException(reason.get());
    }
    if (container == null) {
      DockerImages images = new DockerImages(DockerClientFactory.instance().client());
      ensureImage(images, log);
      log.println("[cluster] starting k3s (" + image + ") with Testcontainers");
      K3sContainer k3s = new K3sContainer(DockerImageName.parse(image));
      k3s.start();
      container = k3s;
      try {
        loadDemoImages(images, log);
      } catch (ClusterException e) {
        down(log);
        throw e;
      }
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
