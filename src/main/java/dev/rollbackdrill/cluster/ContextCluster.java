package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An existing cluster named by a kubeconfig context ({@code context:NAME}). rollback-drill never
 * starts or stops it; {@code up} only checks that it answers.
 */
final class ContextCluster extends ExternalCluster {

  private final String context;
  private final Path kubeconfig;

  ContextCluster(String context, Path kubeconfig) {
    this.context = context;
    this.kubeconfig = kubeconfig;
  }

  static Path defaultKubeconfig() {
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    return Path.of(System.getProperty("user.home"), ".kube", "config");
  }

  @Override
  public String id() {
    return "context:" + context;
  }

  @Override
  public Optional<String> unavailableReason() {
    if (!Files.isReadable(kubeconfig)) {
      return Optional.of(id() + ": kubeconfig " + kubeconfig + " not readable");
    }
    return Optional.empty();
  }

  @Override
  public ClusterHandle up(PrintStream log) throws ClusterException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new ClusterException(reason.get());
    }
    Config config = Kubeconfigs.load(kubeconfig, context);
    if (!context.equals(config.getCurrentContext() == null ? null : config.getCurrentContext().getName())) {
      throw new ClusterException("context '" + context + "' not found in " + kubeconfig);
    }
    ClusterHandle handle = new ClusterHandle(id(), context, config, kubeconfig);
    try (KubernetesClient client = handle.newClient()) {
      String version = client.getKubernetesVersion().getGitVersion();
      log.println("[cluster] context " + context + " answers: Kubernetes " + version);
    } catch (RuntimeException e) {
      throw new ClusterException("context '" + context + "' does not answer: " + e.getMessage(), e);
    }
    return handle;
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.of(kubeconfig);
  }

  /** The context's name, its cluster entry's name and server, read from the kubeconfig without connecting. */
  @Override
  public List<String> identifiers() {
    List<String> names = new java.util.ArrayList<>(List.of(context));
    try {
      Config c = Config.fromKubeconfig(context, Files.readString(kubeconfig), null);
      if (c.getCurrentContext() != null && c.getCurrentContext().getContext() != null
          && c.getCurrentContext().getContext().getCluster() != null) {
        names.add(c.getCurrentContext().getContext().getCluster());
      }
      if (c.getMasterUrl() != null) {
        names.add(c.getMasterUrl());
      }
    } catch (java.io.IOException | RuntimeException e) {
      // An unreadable kubeconfig is reported when the cluster is used; the context's name still counts.
    }
    return names;
  }
}
