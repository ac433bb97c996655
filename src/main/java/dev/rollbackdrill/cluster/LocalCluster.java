package dev.rollbackdrill.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The throwaway cluster built on this machine from Debian packages by {@code
 * ci/cluster/cluster.sh}: etcd, a Kubernetes v1.20 control plane and kubelet on the local Docker
 * engine. The scripts own the lifecycle; this class runs them and streams their progress.
 */
final class LocalCluster implements ClusterProvider {

  private final Path scripts;

  LocalCluster(Path scripts) {
    this.scripts = scripts;
  }

  @Override
  public String id() {
    return "local";
  }

  @Override
  public Optional<String> unavailableReason() {
    if (!Files.isExecutable(scripts.resolve("cluster.sh"))) {
      return Optional.of("local: " + scripts.resolve("cluster.sh") + " not found");
    }
    if (!"Linux".equals(System.getProperty("os.name"))) {
      return Optional.of("local: needs Linux (it runs kubelet and etcd on this machine)");
    }
    return Optional.empty();
  }

  @Override
  public ClusterHandle up(PrintStream log) throws ClusterException {
    unavailableReason().ifPresent(r -> {
      throw new IllegalStateException(r);
    });
    Result r = run(log, "up");
    if (r.exit != 0) {
      throw new ClusterException(
          "local cluster did not come up (exit " + r.exit + "); logs in " + logsDir());
    }
    return handle();
  }

  ClusterHandle handle() throws ClusterException {
    Path kubeconfig = kubeconfigPath();
    return new ClusterHandle(
        id(), "rollback-drill-local", Kubeconfigs.load(kubeconfig, null), kubeconfig);
  }

  @Override
  public void down(PrintStream log) throws ClusterException {
    Result r = run(log, "down");
    if (r.exit != 0) {
      throw new ClusterException("local cluster did not stop cleanly (exit " + r.exit + ")");
    }
  }

  @Override
  public ClusterStatus status() {
    try {
      Result r = run(null, "status");
      return new ClusterStatus(r.exit == 0, r.lines);
    } catch (ClusterException e) {
      return new ClusterStatus(false, List.of(e.getMessage()));
    }
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.of(kubeconfigPath());
  }

  private Path kubeconfigPath() {
    try {
      Result r = run(null, "kubeconfig");
      if (r.exit == 0 && !r.lines.isEmpty()) {
        return Path.of(r.lines.get(r.lines.size() - 1).trim());
      }
    } catch (ClusterException e) {
      // fall through to the documented default
    }
    return Path.of(System.getProperty("user.home"), ".cache/rollback-drill/local-cluster/kubeconfig");
  }

  private Path logsDir() {
    return kubeconfigPath().resolveSibling("logs");
  }

  private record Result(int exit, List<String> lines) {}

  private Result run(PrintStream log, String command) throws ClusterException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", scripts.resolve("cluster.sh").toString(), command)
            .redirectErrorStream(true);
    List<String> lines = new ArrayList<>();
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
          if (log != null) {
            log.println(line);
            log.flush();
          }
        }
      }
      return new Result(p.waitFor(), lines);
    } catch (IOException e) {
      throw new ClusterException("cannot run " + pb.command() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterException("interrupted while running cluster.sh " + command, e);
    }
  }
}
