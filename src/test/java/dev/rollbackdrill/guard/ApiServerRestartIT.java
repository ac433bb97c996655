package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.drill.DrillListener;
import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server goes away in the middle of a drill (stopped and started again by {@code
 * cluster.sh restart kube-apiserver}): the drill either completes or fails with a reason that says
 * what happened, and either way the target ends on its known-good template, healthy, with no
 * annotation or lease left behind.
 */
@OnLocalCluster
class ApiServerRestartIT {

  @Test
  void aDrillSurvivesTheApiServerRestartingMidDetectAndEndsOnKnownGood(
      ClusterHandle cluster, KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    Path file = Scenarios.exampleFile("unready-undo", ns, dir);
    // A short detect, so the trigger and the restore fall inside the outage.
    Files.writeString(file, Files.readString(file).replace("for: 5s", "for: 3s"));
    Scenario s = ScenarioLoader.load(file);
    CountDownLatch detecting = new CountDownLatch(1);
    List<String> progress = new CopyOnWriteArrayList<>();
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        progress.add(phase + " " + nanos / 1_000_000 + " ms " + detail);
        System.out.println("  " + phase + " " + nanos / 1_000_000 + " ms " + detail);
        if (phase.equals(dev.rollbackdrill.timing.Phase.DEPLOY.recordName())) {
          detecting.countDown();
        }
      }

      @Override
      public void note(String drill, String message) {
        progress.add(message);
        System.out.println("  " + message);
      }
    };
    // The drill's own client, so the restart cannot disturb the test's shared one.
    KubernetesClient drillClient = cluster.newClient();
    Scenario scenario = s;
    CompletableFuture<DrillResult> drill = CompletableFuture.supplyAsync(() ->
        new DrillRunner(cluster, drillClient, Clock.systemUTC(), Ticker.system(), listener)
            .run(scenario, 1, "api-server-restart-it"));
    DrillRecord r;
    long restartMillis;
    try {
      assertThat(detecting.await(120, TimeUnit.SECONDS)).as("the drill reached detect: " + progress).isTrue();
      long t0 = System.nanoTime();
      restartApiServer();
      restartMillis = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("kube-apiserver restarted in " + restartMillis + " ms");
      r = drill.get(300, TimeUnit.SECONDS).record();
    } finally {
      drill.cancel(true);
      drillClient.close();
    }
    System.out.println("drill verdict " + r.verdict() + ": " + r.reason());

    // The API server may still be settling: wait only until it answers, then look once.
    DemoTarget target = new DemoTarget(client, ns.name());
    Awaitility.await("API server answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> target.deployment() != null);
    assertThat(target.healthyOnKnownGood()).as("target on known-good, healthy (" + r.verdict() + ": " + r.reason() + ")")
        .isTrue();
    assertThat(target.hasAnnotation()).as("annotation removed").isFalse();
    assertThat(target.lease()).as("lease released").isNull();
    assertThat(r.reason()).isNotBlank().doesNotContain("RESTORE FAILED");
    if (r.verdict() != Verdict.PASSED) {
      // A failure must say what went wrong, not be a bare exception.
      assertThat(r.verdict()).isIn(Verdict.FAILED, Verdict.ERROR, Verdict.SLO_MISSED);
      assertThat(r.reason()).doesNotStartWith("harness error")
          .matches("(?s)(Kubernetes API error in [a-z-]+: .*\\(.+\\)|(deploy|detect|trigger|rollback-accepted|healthy|verify|"
              + "trigger-to-healthy)[: ].*)");
    }
    assertThat(r.restored()).as("restored revision recorded").isNotNull();
    assertThat(r.restored().image()).isEqualTo(DemoTarget.KNOWN_GOOD_IMAGE);
  }

  @Test
  void aBlueGreenRestoreDuringAnApiServerRestartStillPutsTheServiceBack(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    // The runbook restarts the API server and fails as soon as it is down, so the drill's restore
    // of the Service selector starts in the middle of the outage.
    String restart = "bash " + ClusterProviders.projectHome().resolve("ci/cluster/cluster.sh") + " restart kube-apiserver";
    Path file = Scenarios.exampleFile("blue-green-switch", ns, dir);
    Files.writeString(file, Files.readString(file).replace("  procedure: blue-green-switch\n", """
          procedure: command
          run: |
            %s >/dev/null 2>&1 &
            until ! kubectl get --raw /readyz >/dev/null 2>&1; do sleep 0.1; done
            echo "API server down; giving up"
            exit 1
        """.formatted(restart)));
    assertThat(Files.readString(file)).contains("procedure: command");
    List<String> progress = new CopyOnWriteArrayList<>();
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        progress.add(message);
        System.out.println("  " + message);
      }
    };
    ClusterHandle cluster = ClusterProviders.of("local").up(System.out);
    DrillRecord r;
    try (KubernetesClient drillClient = cluster.newClient()) {
      r = new DrillRunner(cluster, drillClient, Clock.systemUTC(), Ticker.system(), listener)
          .run(ScenarioLoader.load(file), 1, "api-server-restart-it").record();
    }
    System.out.println("drill verdict " + r.verdict() + ": " + r.reason());

    Awaitility.await("API server answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> client.services().inNamespace(ns.name()).withName("demo").get() != null);
    assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(r.reason()).isEqualTo("runbook command exited 1: API server down; giving up");
    assertThat(progress).as("the restore met the outage and retried").anyMatch(m -> m.startsWith("restore attempt 1 failed"))
        .contains("restored: the known-good state is healthy again");
    assertThat(client.services().inNamespace(ns.name()).withName("demo").get().getSpec().getSelector())
        .containsEntry("color", "blue");
    var blue = client.apps().deployments().inNamespace(ns.name()).withName("demo-blue").get();
    assertThat(KnownGood.read(blue)).as("annotation removed").isEmpty();
    assertThat(client.resources(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class).inNamespace(ns.name())
        .withName(DrillLease.leaseName("demo-blue")).get()).as("lease released").isNull();
  }

  private static void restartApiServer() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", ClusterProviders.projectHome().resolve("ci/cluster/cluster.sh").toString(),
        "restart", "kube-apiserver").redirectErrorStream(true).start();
    String out;
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("cluster.sh restart kube-apiserver did not finish within 120 s");
    }
    out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(p.exitValue()).as(out).isZero();
  }
}
