package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A drill of a team's own Deployment, made with kubectl as a team would (no fixture), leaves its
 * rollout history exactly as it found it: the same ReplicaSets with the same annotations, revision
 * numbers included, no drill annotation anywhere and no lease, so the team's own {@code kubectl
 * rollout undo} afterwards goes to the team's previous release, whether the drill passed, failed
 * or was stopped with Ctrl-C, and whatever the {@code revisionHistoryLimit}.
 */
@OnLocalCluster
class TeamHistoryIT {

  private static final String NAME = "shop";

  /** The team's Deployment: release 1 (demo v1), then release 2 (demo v3), each with its change-cause. */
  static void createTeamDeployment(TestNamespace ns, Path dir, int historyLimit) throws Exception {
    Path manifest = dir.resolve("shop.yaml");
    Files.writeString(manifest, manifest("rollback-drill/demo:v1", historyLimit));
    kubectl("apply", "-n", ns.name(), "-f", manifest.toString());
    kubectl("annotate", "-n", ns.name(), "deployment/" + NAME, "kubernetes.io/change-cause=release 1", "--overwrite");
    kubectl("rollout", "status", "-n", ns.name(), "deployment/" + NAME, "--timeout=90s");
    Files.writeString(manifest, manifest("rollback-drill/demo:v3", historyLimit));
    kubectl("apply", "-n", ns.name(), "-f", manifest.toString());
    kubectl("annotate", "-n", ns.name(), "deployment/" + NAME, "kubernetes.io/change-cause=release 2", "--overwrite");
    kubectl("rollout", "status", "-n", ns.name(), "deployment/" + NAME, "--timeout=90s");
  }

  private static String manifest(String image, int historyLimit) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
          labels: {app: shop}
        spec:
          replicas: 2
          revisionHistoryLimit: %d
          selector:
            matchLabels: {app: shop}
          template:
            metadata:
              labels: {app: shop}
            spec:
              terminationGracePeriodSeconds: 2
              enableServiceLinks: false
              automountServiceAccountToken: false
              containers:
              - name: app
                image: %s
                imagePullPolicy: Never
                ports: [{containerPort: 8080}]
                readinessProbe:
                  httpGet: {path: /cgi-bin/healthz, port: 8080}
                  periodSeconds: 1
                  timeoutSeconds: 2
                  failureThreshold: 3
        """.formatted(historyLimit, image);
  }

  static Path scenario(TestNamespace ns, Path dir, String change, String detect, String rollback) throws IOException {
    Path p = dir.resolve("shop-" + Integer.toHexString((change + detect + rollback).hashCode()) + ".yaml");
    Files.writeString(p, """
        name: shop-drill
        target:
          namespace: %s
          deployment: shop
          container: app
        change:
        %s
        detect:
        %s
        rollback:
        %s
        slo: 2m
        timeouts:
          detect: 90s
          healthy: 90s
        """.formatted(ns.name(), indent(change), indent(detect), indent(rollback)));
    return p;
  }

  private static String indent(String block) {
    return block.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /** The history as kubectl sees it: each owned ReplicaSet by name, with its annotations; the Deployment's too. */
  static Map<String, Map<String, String>> history(KubernetesClient client, TestNamespace ns) {
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName(NAME).get();
    Map<String, Map<String, String>> h = new LinkedHashMap<>();
    h.put("deployment", new java.util.TreeMap<>(d.getMetadata().getAnnotations()));
    h.put("deployment spec", Map.of("revisionHistoryLimit", String.valueOf(d.getSpec().getRevisionHistoryLimit()),
        "progressDeadlineSeconds", String.valueOf(d.getSpec().getProgressDeadlineSeconds())));
    List<ReplicaSet> owned = Rollouts.owned(d, client.apps().replicaSets().inNamespace(ns.name()).list().getItems());
    for (ReplicaSet rs : owned) {
      h.put(rs.getMetadata().getName(), new java.util.TreeMap<>(rs.getMetadata().getAnnotations()));
    }
    return h;
  }

  private static void assertNoTrace(KubernetesClient client, TestNamespace ns, Map<String, Map<String, String>> before) {
    assertThat(history(client, ns)).as("the rollout history as the team left it").isEqualTo(before);
    assertThat(DemoTarget.drillAnnotations(client, ns.name(), NAME)).as("drill annotations left").isEmpty();
    assertThat(client.resources(Lease.class).inNamespace(ns.name()).withName(DrillLease.leaseName(NAME)).get())
        .as("the drill's lease").isNull();
  }

  private static String image(KubernetesClient client, TestNamespace ns) {
    return client.apps().deployments().inNamespace(ns.name()).withName(NAME).get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  @ParameterizedTest(name = "revisionHistoryLimit {0}")
  @ValueSource(ints = {1, 10})
  void kubectlRolloutUndoAfterAPassedDrillGoesToTheTeamsPreviousRelease(int limit, KubernetesClient client,
      TestNamespace ns, @TempDir Path dir) throws Exception {
    createTeamDeployment(ns, dir, limit);
    Map<String, Map<String, String>> before = history(client, ns);
    assertThat(before).hasSize(2 + 2); // deployment, its spec, releases 1 and 2
    Path file = scenario(ns, dir, "type: broken\nfault: crash-on-start", "type: crash-looping\nrestarts: 1",
        "procedure: rollout-undo\nto: previous");

    DrillCli r = DrillCli.run("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    System.out.println(r.out() + r.err());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("PASSED").contains("history: as found");
    assertNoTrace(client, ns, before);

    // A routine undo by the on-call engineer after the drill: the team's own previous release.
    kubectl("rollout", "undo", "-n", ns.name(), "deployment/" + NAME);
    kubectl("rollout", "status", "-n", ns.name(), "deployment/" + NAME, "--timeout=90s");
    assertThat(image(client, ns)).isEqualTo("rollback-drill/demo:v1");

    // ... and `drill recover` after that routine undo changes nothing.
    String rv = client.apps().deployments().inNamespace(ns.name()).withName(NAME).get().getMetadata().getResourceVersion();
    DrillCli recover = DrillCli.run("recover", "--cluster", "local", "--namespace", ns.name());
    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("nothing to recover");
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName(NAME).get().getMetadata().getResourceVersion())
        .isEqualTo(rv);
  }

  @Test
  void aDrillUndoingToANamedRevisionPassesMonthAfterMonth(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    createTeamDeployment(ns, dir, 10);
    Map<String, Map<String, String>> before = history(client, ns);
    Path byNumber = scenario(ns, dir, "type: noop", "type: rollout-complete", "procedure: rollout-undo\nto: revision\nrevision: 2");
    Path byCause = scenario(ns, dir, "type: noop", "type: rollout-complete",
        "procedure: rollout-undo\nto: change-cause\nchangeCause: release 2");

    for (Path month : List.of(byNumber, byNumber, byCause)) {
      DrillCli r = DrillCli.run("run", month.toString(), "--cluster", "local", "--no-record",
          "--junit-xml", dir.resolve("junit").toString());
      System.out.println(r.out() + r.err());
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("rolled back to revision 2 (release 2)");
      assertNoTrace(client, ns, before);
    }
  }

  @Test
  void anUndoToARevisionOlderThanKnownGoodIsRefusedBeforeAnythingChanges(KubernetesClient client, TestNamespace ns,
      @TempDir Path dir) throws Exception {
    createTeamDeployment(ns, dir, 10);
    Map<String, Map<String, String>> before = history(client, ns);
    String rv = client.apps().deployments().inNamespace(ns.name()).withName(NAME).get().getMetadata().getResourceVersion();
    Path older = scenario(ns, dir, "type: noop", "type: rollout-complete", "procedure: rollout-undo\nto: revision\nrevision: 1");
    Path olderCause = scenario(ns, dir, "type: noop", "type: rollout-complete",
        "procedure: rollout-undo\nto: image\nimage: rollback-drill/demo:v1");

    DrillCli r = DrillCli.run("run", older.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    DrillCli byImage = DrillCli.run("run", olderCause.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(r.exit()).as(r.out()).isEqualTo(4);
    assertThat(r.out()).contains("REFUSED: preflight: rollback.to revision 1 is not the known-good revision 2");
    assertThat(r.out().lines().map(String::trim)).as("no deploy phase").noneMatch(l -> l.startsWith("deploy "));
    assertThat(byImage.exit()).as(byImage.out()).isEqualTo(4);
    assertThat(byImage.out()).contains("rollback.to image rollback-drill/demo:v1 names revision 1, not the known-good"
        + " revision 2");
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName(NAME).get().getMetadata().getResourceVersion())
        .as("nothing changed").isEqualTo(rv);
    assertNoTrace(client, ns, before);
  }

  @Test
  void aFailedDrillLeavesNoTraceEither(KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    createTeamDeployment(ns, dir, 2);
    Map<String, Map<String, String>> before = history(client, ns);
    // A runbook that does nothing: the drill fails, and restores the target itself.
    Path file = scenario(ns, dir, "type: broken\nfault: crash-on-start", "type: crash-looping\nrestarts: 1",
        "procedure: command\nrun: \"true\"");
    Files.writeString(file, Files.readString(file).replace("  healthy: 90s", "  healthy: 90s\n  rollback: 3s"));

    DrillCli r = DrillCli.run("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    System.out.println(r.out() + r.err());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED").contains("changed nothing");
    assertNoTrace(client, ns, before);
  }

  @Test
  void aDrillStoppedWithCtrlCLeavesNoTrace(KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    createTeamDeployment(ns, dir, 1);
    Map<String, Map<String, String>> before = history(client, ns);
    Path file = scenario(ns, dir, "type: broken\nfault: readiness-never-passes", "type: readiness-failing\nfor: 60s",
        "procedure: rollout-undo");

    // Interruptible whatever this JVM inherited: a CI job in the background has SIGINT ignored.
    DrillCli.Running drill = DrillCli.startInterruptible("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    try {
      drill.awaitLine(l -> l.trim().startsWith("deploy ") && l.contains("candidate revision"), Duration.ofSeconds(90));
      new ProcessBuilder("kill", "-INT", Long.toString(drill.process().pid())).inheritIO().start().waitFor();
      assertThat(drill.waitFor(Duration.ofSeconds(120))).isEqualTo(130);
    } finally {
      drill.killIfAlive();
    }
    assertNoTrace(client, ns, before);
  }

  private static Path kubeconfig;

  static synchronized void kubectl(String... args) throws Exception {
    if (kubeconfig == null) {
      kubeconfig = dev.rollbackdrill.cluster.ClusterProviders.of("local").up(System.out).kubeconfig().orElseThrow();
    }
    List<String> cmd = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args) + ": " + out).isZero();
  }
}
