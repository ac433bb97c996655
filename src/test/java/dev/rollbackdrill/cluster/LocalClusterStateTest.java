package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterStateTest {

  @TempDir Path dir;

  @Test
  void findsTheStateWhereLibShKeepsItForEveryWayOfSayingIt() throws Exception {
    List<Map<String, String>> envs = List.of(
        Map.of("HOME", "/home/ann"),
        Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "/var/cache/ann"),
        Map.of("HOME", "/home/ann", "XDG_CACHE_HOME", "/var/cache/ann", "RBD_CACHE", "/opt/rbd"),
        Map.of("HOME", "/home/ann", "RBD_CACHE", "/opt/rbd", "RBD_STATE", "/srv/cluster", "RBD_NODE", "node-7"),
        Map.of("HOME", "/home/ann", "RBD_CACHE", "", "XDG_CACHE_HOME", "", "RBD_NODE", ""));
    for (Map<String, String> env : envs) {
      List<String> lib = libSh(env);
      LocalClusterState state = LocalClusterState.of(env);
      assertThat(List.of(state.state().toString(), state.kubeconfig().toString(), state.logs().toString(), state.node()))
          .as("%s", env).isEqualTo(lib);
    }
  }

  @Test
  void namesEveryComponentWhoseProcessIsGone() throws IOException {
    Path pids = Files.createDirectories(dir.resolve("pids"));
    Files.writeString(pids.resolve("etcd.pid"), ProcessHandle.current().pid() + "\n");
    Files.writeString(pids.resolve("kube-apiserver.pid"), ProcessHandle.current().pid() + "\n");
    Files.writeString(pids.resolve("kube-scheduler.pid"), deadPid() + "\n");
    Files.writeString(pids.resolve("kubelet.pid"), "not a pid\n");
    LocalClusterState state = new LocalClusterState(dir, "drill-node");

    assertThat(state.stopped()).containsExactly("kube-controller-manager", "kube-scheduler", "kubelet");
    assertThat(state.notReady()).hasValue("kube-controller-manager, kube-scheduler, kubelet not running");

    Files.writeString(pids.resolve("dockerd.pid"), deadPid() + "\n");
    assertThat(state.stopped()).as("an engine cluster.sh started and lost").startsWith("dockerd");
  }

  @Test
  void everyProcessRunningButNoKubeconfigIsNotReady() throws IOException {
    Path pids = Files.createDirectories(dir.resolve("pids"));
    for (String c : LocalClusterState.COMPONENTS) {
      Files.writeString(pids.resolve(c + ".pid"), Long.toString(ProcessHandle.current().pid()));
    }
    LocalClusterState state = new LocalClusterState(dir, "drill-node");

    assertThat(state.stopped()).isEmpty();
    assertThat(state.notReady()).hasValue("no kubeconfig at " + dir.resolve("kubeconfig"));
  }

  /** A process that has exited, so its pid names no live process (until the kernel reuses it). */
  private static long deadPid() throws IOException {
    Process p = new ProcessBuilder("true").start();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    return p.pid();
  }

  private static List<String> libSh(Map<String, String> env) throws Exception {
    Path lib = ClusterProviders.projectHome().resolve("ci/cluster/lib.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        ". \"$1\"; printf '%s\\n' \"$RBD_STATE\" \"$RBD_KUBECONFIG\" \"$RBD_LOGS\" \"$RBD_NODE\"", "lib", lib.toString());
    Map<String, String> child = pb.environment();
    child.clear();
    child.put("PATH", System.getenv("PATH"));
    child.putAll(new HashMap<>(env));
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }
}
