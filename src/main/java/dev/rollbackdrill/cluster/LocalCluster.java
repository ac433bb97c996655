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
  private final LocalClusterState state;

  LocalCluster(Path scripts) {
    this(scripts, LocalClusterState.of(System.getenv()));
  }

  LocalCluster(Path scripts, LocalClusterState state) {
    this.scripts = scripts;
    this.state = state;
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
    if (state.notReady().isEmpty()) {
      // What `cluster.sh status` checks, without a shell: nothing to start, nothing to wait for.
      log.println("[cluster] local cluster already up: " + String.join(", ", LocalClusterState.COMPONENTS)
          + " running, node " + state.node() + " Ready; kubeconfig: " + state.kubeconfig());
      log.flush();
      return handle();
    }
    Result r = run(log, "up");
    if (r.exit != 0) {
      throw new ClusterException(
          "local cluster did not come up (exit " + r.exit + "); logs in " + state.logs());
    }
    return handle();
  }

  ClusterHandle handle() throws ClusterException {
    Path kubeconfig = state.kubeconfig();
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
    return Optional.of(state.kubeconfig());
  }

  /** It runs every node process and container on this machine: it can kill one, and stop its API server. */
  @Override
  public Optional<ClusterFaults> faults() {
    return Optional.of(new ClusterFaults() {
      @Override
      public void killContainer(String containerId) throws ClusterException {
        if (containerId == null || !containerId.matches("docker://[0-9a-f]{12,64}")) {
          throw new ClusterException("not a container of this cluster's Docker engine: " + containerId);
        }
        String id = containerId.substring("docker://".length());
        // Only the kubelet's own containers (named k8s_...), never another on this engine.
        Result name = exec(List.of("docker", "inspect", "--format", "{{.Name}}", id));
        if (name.exit != 0 || name.lines.isEmpty() || !name.lines.get(0).startsWith("/k8s_")) {
          throw new ClusterException("container " + id + " is not one the kubelet runs: " + String.join(" ", name.lines));
        }
        Result r = exec(List.of("docker", "kill", "--signal", "KILL", id));
        if (r.exit != 0) {
          throw new ClusterException("docker kill " + id + " failed (exit " + r.exit + "): " + String.join(" ", r.lines));
        }
      }

      @Override
      public void stopApiServer() throws ClusterException {
        Result r = run(null, "stop", "kube-apiserver");
        if (r.exit != 0) {
          throw new ClusterException("cluster.sh stop kube-apiserver failed (exit " + r.exit + "): " + String.join(" ", r.lines));
        }
      }

      @Override
      public void startApiServer() throws ClusterException {
        Result r = run(null, "up");
        if (r.exit != 0) {
          throw new ClusterException("the API server did not come back (cluster.sh up exit " + r.exit + "); logs in "
              + state.logs());
        }
      }
    });
  }

  private record Result(int exit, List<String> lines) {}

  private Result exec(List<String> command) throws ClusterException {
    return run(null, new ProcessBuilder(command).redirectErrorStream(true), String.join(" ", command));
  }

  private Result run(PrintStream log, String... command) throws ClusterException {
    List<String> argv = new ArrayList<>(List.of("bash", scripts.resolve("cluster.sh").toString()));
    argv.addAll(List.of(command));
    return run(log, new ProcessBuilder(argv).redirectErrorStream(true), "cluster.sh " + String.join(" ", command));
  }

  private Result run(PrintStream log, ProcessBuilder pb, String command) throws ClusterException {
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
      throw new ClusterException("interrupted while running " + command, e);
    }
  }
}
