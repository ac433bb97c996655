package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill that is refused before anything changes is a refusal, not a failure, end to end, on a
 * team's own Deployment (made with kubectl, no fixture) in a namespace marked for drills: the
 * record says REFUSED, {@code drill run} and its dry run exit 4, JUnit XML says so, and the plan
 * still has the scenario undrilled. A target mid-rollout is refused at once, saying what the
 * rollout waits for. And a drill stopped by Ctrl-C says where its record went and how it ended,
 * then exits 130.
 */
@OnLocalCluster
class RefusalsIT {

  private static final String NAME = "web";

  @TempDir Path dir;

  /** Applies a Deployment of the demo image, as a team would, and waits until it has rolled out. */
  private Deployment createWithKubectl(ClusterHandle cluster, KubernetesClient client, TestNamespace ns)
      throws Exception {
    Path manifest = dir.resolve("web.yaml");
    Files.writeString(manifest, """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: %s
          annotations: {kubernetes.io/change-cause: "web v1"}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 2
              automountServiceAccountToken: false
              containers:
              - name: web
                image: rollback-drill/demo:v1
                imagePullPolicy: Never
                ports: [{containerPort: 8080}]
                readinessProbe: {httpGet: {path: /cgi-bin/healthz, port: 8080}, periodSeconds: 1, timeoutSeconds: 2}
        """.formatted(NAME, ns.name()));
    kubectl(cluster, "apply", "-f", manifest.toString());
    kubectl(cluster, "-n", ns.name(), "rollout", "status", "deployment/" + NAME, "--timeout=90s");
    return client.apps().deployments().inNamespace(ns.name()).withName(NAME).get();
  }

  private static String kubectl(ClusterHandle cluster, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfigPath().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)).isTrue();
    assertThat(p.exitValue()).as("kubectl " + String.join(" ", args) + ":\n" + out).isZero();
    return out;
  }

  /** A drill of the team's own Deployment: no fixture. */
  private Path scenario(TestNamespace ns, String detect) throws IOException {
    Path file = dir.resolve("scenarios").resolve("web-undo.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        name: web-undo
        target: {namespace: %s, deployment: %s, container: web}
        change: {type: broken, fault: candidate-image, image: "rollback-drill/demo:v2", changeCause: "web v2"}
        detect: %s
        rollback: {procedure: rollout-undo, to: previous}
        slo: 30s
        """.formatted(ns.name(), NAME, detect));
    return file;
  }

  private String resourceVersion(KubernetesClient client, TestNamespace ns) {
    return client.apps().deployments().inNamespace(ns.name()).withName(NAME).get().getMetadata().getResourceVersion();
  }

  private static String junitXml(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return Files.readString(files.filter(f -> f.toString().endsWith(".xml")).findFirst().orElseThrow());
    }
  }

  @Test
  void aPausedDeploymentIsRefusedRecordedAsRefusedAndStaysUndrilled(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    createWithKubectl(cluster, client, ns);
    kubectl(cluster, "-n", ns.name(), "rollout", "pause", "deployment/" + NAME);
    Thread.sleep(1000); // the controller's status write after the pause
    String before = resourceVersion(client, ns);
    Path scenario = scenario(ns, "{type: dwell, for: 3s}");
    Path drills = dir.resolve("drills");
    Path junit = dir.resolve("junit");

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--drills", drills.toString(),
        "--junit-xml", junit.toString());
    DrillCli plan = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run");

    System.out.println(cli.out() + cli.err() + plan.out() + plan.err());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(Main.REFUSED);
    assertThat(cli.out())
        .contains("REFUSED: preflight: deployment " + ns.name() + "/" + NAME + " is paused")
        .containsPattern("web-undo +REFUSED +- +30s")
        .contains("1 of 1 refused before anything changed: not drilled")
        .containsPattern("record: .*web-undo-i1.*\\.json");
    List<DrillRecord> records = new DrillHistory(drills).readAll().records();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).verdict()).isEqualTo(DrillRecord.Verdict.REFUSED);
    assertThat(records.get(0).reason()).startsWith("preflight: deployment " + ns.name() + "/" + NAME + " is paused");
    assertThat(junitXml(junit)).contains("<failure message=\"REFUSED (nothing was changed): preflight: deployment "
        + ns.name() + "/" + NAME + " is paused").contains("type=\"dev.rollbackdrill.engine.DrillRefusedException\"");
    assertThat(resourceVersion(client, ns)).as("the target was not touched").isEqualTo(before);

    assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(Main.REFUSED);
    assertThat(plan.out()).contains("WOULD REFUSE: deployment " + ns.name() + "/" + NAME + " is paused")
        .contains("nothing was changed (--dry-run)");

    // The plan still has it undrilled: due and stale, never run.
    Path planFile = dir.resolve("plan.yaml");
    Files.writeString(planFile, """
        scenarios: %s
        drills:
          - scenario: web-undo
            schedule: "0 6 1 * *"
        """.formatted(scenario.getParent()));
    DrillCli show = DrillCli.run("plan", "show", "--plan", planFile.toString(), "--drills", drills.toString(),
        "--cluster", "local");
    System.out.println(show.out() + show.err());
    assertThat(show.exit()).as(show.out() + show.err()).isZero();
    assertThat(show.out()).containsPattern("web-undo +0 6 1 \\* \\* +35d +never +\\S+ \\S+ +DUE, STALE");
  }

  /** Revision 2 of the target rolls out an image that is not on the node and is never pulled: it never completes. */
  private void stuckMidRollout(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) throws Exception {
    createWithKubectl(cluster, client, ns);
    kubectl(cluster, "-n", ns.name(), "set", "image", "deployment/" + NAME, "web=rollback-drill/demo:never-built");
    Awaitility.await("revision 2 rolling out").atMost(Duration.ofSeconds(30)).until(() -> {
      Deployment d = client.apps().deployments().inNamespace(ns.name()).withName(NAME).get();
      return Rollouts.revision(d) == 2 && Rollouts.observed(d) && !Rollouts.complete(d);
    });
  }

  @Test
  void theDryRunRefusesADeploymentMidRolloutAndCallsNoRevisionTheKnownGood(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) throws Exception {
    stuckMidRollout(cluster, client, ns);

    DrillCli plan = DrillCli.run("run", scenario(ns, "{type: dwell, for: 3s}").toString(), "--cluster", "local",
        "--dry-run");

    System.out.println(plan.out() + plan.err());
    assertThat(plan.exit()).as(plan.out() + plan.err()).isEqualTo(Main.REFUSED);
    assertThat(plan.out()).contains("WOULD REFUSE: deployment " + ns.name() + "/" + NAME + " is mid-rollout (revision 2:")
        .contains("known-good: none: revision 2 has not rolled out completely")
        .doesNotContain("known-good (restore target)");
  }

  /**
   * The run refuses a target mid-rollout at once, with the words of {@code TargetPreflight}: it
   * does not wait out {@code timeouts.preflight} (60 s) for a rollout that may never finish.
   */
  @Test
  void aDeploymentMidRolloutIsRefusedAtOnceSayingWhatTheRolloutWaitsFor(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) throws Exception {
    stuckMidRollout(cluster, client, ns);
    Path scenario = scenario(ns, "{type: dwell, for: 3s}");

    long start = System.nanoTime();
    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    System.out.println(cli.out() + cli.err() + "refused after " + tookMillis + " ms");
    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(Main.REFUSED);
    assertThat(cli.out()).contains("REFUSED: preflight: deployment " + ns.name() + "/" + NAME + " is mid-rollout")
        .containsPattern("mid-rollout \\(revision 2: [^)]*(replicas|observe)");
    // At once, not after the 60 s preflight timeout (a generous bound: the run includes the JVM's
    // connection to the cluster and the access reviews).
    assertThat(tookMillis).as("refused after").isLessThan(30_000);
  }

  @Test
  void aDrillStoppedByCtrlCPrintsItsRecordAndVerdictAndExits130(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) throws Exception {
    createWithKubectl(cluster, client, ns);
    Path scenario = scenario(ns, "{type: dwell, for: 60s}");
    Path drills = dir.resolve("drills");

    DrillCli.Running drill = DrillCli.startInterruptible("run", scenario.toString(), "--cluster", "local",
        "--drills", drills.toString(), "--junit-xml", dir.resolve("junit").toString());
    int exit;
    try {
      drill.awaitLine(l -> l.trim().startsWith("deploy ") && l.contains("candidate revision"), Duration.ofSeconds(90));
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(drill.process().pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      exit = drill.waitFor(Duration.ofSeconds(90));
    } finally {
      drill.killIfAlive();
    }

    String out = drill.output();
    assertThat(exit).as("exit code after Ctrl-C; it printed:\n" + out).isEqualTo(Main.INTERRUPTED).isEqualTo(130);
    assertThat(out).contains("ERROR: stopped by SIGTERM or Ctrl-C during detect; the target was restored to known-good"
        + " revision 1 and seen healthy");
    String recordLine = drill.awaitLine(l -> l.trim().startsWith("record: "), Duration.ofSeconds(1)).trim();
    Path record = Path.of(recordLine.substring("record: ".length()));
    assertThat(record).as("the record the console named").exists();
    assertThat(out.indexOf("ERROR: stopped by")).as("verdict before record").isLessThan(out.indexOf(recordLine));
    List<DrillRecord> records = new DrillHistory(drills).readAll().records();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).verdict()).isEqualTo(DrillRecord.Verdict.ERROR);
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName(NAME).get();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("rollback-drill/demo:v1");
  }
}
