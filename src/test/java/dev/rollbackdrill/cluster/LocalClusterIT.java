package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.procedure.RevisionUndo;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local cluster runs real rollouts: a broken release is rolled out and undone. */
@OnLocalCluster
class LocalClusterIT {

  @Test
  void nodeIsReadyAndServerIsTheLocalBuild(KubernetesClient client) {
    assertThat(client.nodes().list().getItems())
        .anySatisfy(n -> assertThat(n.getStatus().getConditions())
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.20");
  }

  @Test
  void brokenReleaseIsUndoneAndTheHealthyVersionAnswersAgain(KubernetesClient client, TestNamespace ns)
      throws Exception {
    DemoFixture.reset(client, ns.name(), Fixture.DEMO);
    var deployments = client.apps().deployments().inNamespace(ns.name());
    await("demo v1 rolled out").atMost(Duration.ofSeconds(90))
        .until(() -> Rollouts.complete(deployments.withName("demo").get()));
    assertThat(proxyGet(client, ns.name())).contains("hello from v1");

    // Release 2: the same image told to never pass readiness.
    deployments.withName("demo").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0)
          .setEnv(List.of(new EnvVar("DEMO_FAULT", "unready", null)));
      return d;
    });
    await("broken pods running but never ready").atMost(Duration.ofSeconds(60)).until(() -> {
      List<Pod> pods = client.pods().inNamespace(ns.name()).withLabel("app", "demo").list().getItems();
      return pods.stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase()) && !Rollouts.ready(p)
          && p.getSpec().getContainers().get(0).getEnv().stream().anyMatch(e -> e.getValue().equals("unready")));
    });
    Deployment broken = deployments.withName("demo").get();
    assertThat(Rollouts.complete(broken)).isFalse();
    assertThat(Rollouts.revision(broken)).isEqualTo(2);

    RevisionUndo.Result undo = RevisionUndo.undo(client, ns.name(), "demo", 0);
    assertThat(undo.revision()).isEqualTo(1);
    assertThat(undo.changeCause()).isEqualTo("v1: initial release");

    await("rolled back to v1").atMost(Duration.ofSeconds(60)).until(() -> {
      Deployment d = deployments.withName("demo").get();
      return Rollouts.complete(d) && Rollouts.revision(d) == 3;
    });
    Deployment after = deployments.withName("demo").get();
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
    assertThat(after.getMetadata().getAnnotations()).containsEntry(Rollouts.CHANGE_CAUSE, "v1: initial release");
    await("v1 answers through the service").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(proxyGet(client, ns.name())).contains("hello from v1"));
  }

  @Test
  void upOnARunningClusterRunsNoScriptAndAStoppedComponentIsStartedAgain() throws Exception {
    LocalCluster local = new LocalCluster(ClusterScripts.folder());
    ByteArrayOutputStream running = new ByteArrayOutputStream();
    local.up(new PrintStream(running, true, StandardCharsets.UTF_8));
    assertThat(running.toString(StandardCharsets.UTF_8))
        .startsWith("[cluster] local cluster already up: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,"
            + " kubelet running, node ")
        .as("cluster.sh up's own checks did not run").doesNotContain("Debian packages");

    Process stop = new ProcessBuilder("bash", ClusterScripts.folder().resolve("cluster.sh").toString(), "stop",
        "kube-scheduler").redirectErrorStream(true).start();
    assertThat(stop.waitFor()).isZero();
    assertThat(LocalClusterState.of(System.getenv()).notReady()).hasValue("kube-scheduler not running");
    ByteArrayOutputStream stopped = new ByteArrayOutputStream();
    local.up(new PrintStream(stopped, true, StandardCharsets.UTF_8));

    assertThat(stopped.toString(StandardCharsets.UTF_8)).contains("started kube-scheduler").contains("cluster up in");
    assertThat(LocalClusterState.of(System.getenv()).notReady()).isEmpty();
  }

  private static String proxyGet(KubernetesClient client, String ns) {
    return client.raw("/api/v1/namespaces/" + ns + "/services/demo:8080/proxy/cgi-bin/app");
  }
}
