package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill goes only where it is welcome: an unlabelled namespace and a production-looking context
 * are refused before anything changes (the target's resourceVersion does not move), an explicit
 * {@code --allow-namespace} lets a drill in, and {@code --dry-run} shows the plan and changes
 * nothing.
 */
@OnLocalCluster
class GuardrailsIT {

  private static void unlabel(KubernetesClient client, TestNamespace ns) {
    client.namespaces().withName(ns.name()).edit(n -> {
      n.getMetadata().getLabels().remove(Guardrails.DRILL_LABEL);
      return n;
    });
  }

  @Test
  void anUnlabelledNamespaceIsRefusedAndItsTargetIsUntouched(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    unlabel(client, ns);
    String before = target.resourceVersion();
    // The example keeps `fixture: demo`: not even the fixture may touch an unlabelled namespace.
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out()).contains("namespace " + ns.name() + " is not marked for drills")
        .contains("kubectl label namespace " + ns.name() + " rollback-drill/enabled=true")
        .doesNotContain("setting up the demo service");
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.lease()).isNull();
  }

  @Test
  void aDeploymentWithoutRevisionHistoryIsRefusedBecauseItsKnownGoodCouldNotBeRestored(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    client.apps().deployments().inNamespace(ns.name()).withName(DemoTarget.NAME).edit(d -> {
      d.getSpec().setRevisionHistoryLimit(0);
      return d;
    });
    Thread.sleep(1000);
    String before = target.resourceVersion();
    // Without the fixture, which would recreate the Deployment with a history.
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("  fixture: demo\n", ""));

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out()).contains("keeps no revision history (revisionHistoryLimit: 0)");
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.annotation()).isEmpty();
  }

  @Test
  void aContextThatLooksLikeProductionIsRefusedUnlessExplicitlyAllowed(
      ClusterHandle cluster, KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    // The local cluster under production-looking names: by context name, and by server address.
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: eu, cluster: {server: "%s", insecure-skip-tls-verify: true}}
        - {name: by-server, cluster: {server: "https://api.prd.example.invalid:6443", insecure-skip-tls-verify: true}}
        users: [{name: u, user: {token: "%s"}}]
        contexts:
        - {name: prod-eu, context: {cluster: eu, user: u}}
        - {name: staging-2, context: {cluster: by-server, user: u}}
        current-context: prod-eu
        """.formatted(cluster.config().getMasterUrl(), cluster.config().getAutoOAuthToken()));

    DrillCli byName = DrillCli.run("run", scenario.toString(), "--cluster", "context:prod-eu",
        "--kubeconfig", kubeconfig.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString());
    DrillCli byServer = DrillCli.run("run", scenario.toString(), "--cluster", "context:staging-2",
        "--kubeconfig", kubeconfig.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString());

    assertThat(byName.exit()).as(byName.out() + byName.err()).isEqualTo(2);
    assertThat(byName.err()).contains("refused").contains("'prod-eu'").contains("looks like production")
        .contains("--allow-production");
    assertThat(byServer.exit()).as(byServer.out() + byServer.err()).isEqualTo(2);
    assertThat(byServer.err()).contains("refused").contains("api.prd.example.invalid").contains("matches 'prd'");
    assertThat(byName.out() + byServer.out()).doesNotContain("==>");
    assertThat(target.resourceVersion()).isEqualTo(before);

    // The loud flag lets it through: the same context, planned against the real server.
    DrillCli allowed = DrillCli.run("run", scenario.toString(), "--cluster", "context:prod-eu",
        "--kubeconfig", kubeconfig.toString(), "--allow-production", "--dry-run");
    assertThat(allowed.exit()).as(allowed.out() + allowed.err()).isZero();
    assertThat(allowed.out()).contains("plan for noop-undo").contains("nothing was changed");
    assertThat(target.resourceVersion()).isEqualTo(before);
  }

  @Test
  void allowNamespaceLetsADrillIntoAnUnlabelledNamespace(KubernetesClient client, TestNamespace ns, @TempDir Path dir) {
    unlabel(client, ns);
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--allow-namespace", ns.name(), "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("PASSED").contains("1 of 1 drills met their SLO");
    assertThat(new DemoTarget(client, ns.name()).healthyOnKnownGood()).isTrue();
    // The flag allows a drill; it does not mark the namespace.
    assertThat(client.namespaces().withName(ns.name()).get().getMetadata().getLabels())
        .doesNotContainKey(Guardrails.DRILL_LABEL);
  }

  /**
   * The dry run takes the run's options: a namespace named with {@code --allow-namespace}, alone or
   * in a comma-separated list (as the engine reads it), is allowed in the plan as in the run.
   */
  @Test
  void theDryRunAllowsANamespaceThatAllowNamespaceAllowsAsTheRunDoes(KubernetesClient client, TestNamespace ns,
      @TempDir Path dir) throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    unlabel(client, ns);
    String before = target.resourceVersion();
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    // Planned against the Deployment as it is, not the fixture it would recreate.
    Files.writeString(scenario, Files.readString(scenario).replace("  fixture: demo\n", ""));

    DrillCli unallowed = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run");
    DrillCli alone = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run",
        "--allow-namespace", ns.name());
    DrillCli listed = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run",
        "--allow-namespace", "elsewhere," + ns.name());

    System.out.println(unallowed.out() + unallowed.err() + alone.out() + alone.err() + listed.out() + listed.err());
    assertThat(unallowed.exit()).as(unallowed.out() + unallowed.err()).isEqualTo(4); // would be refused
    assertThat(unallowed.out()).contains("guardrail: WOULD REFUSE: namespace " + ns.name() + " is not marked for drills");
    for (DrillCli plan : List.of(alone, listed)) {
      assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
      assertThat(plan.out()).contains("guardrail: namespace " + ns.name() + " is allowed by --allow-namespace")
          .doesNotContain("WOULD REFUSE")
          .contains("nothing was changed (--dry-run)");
    }
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.lease()).isNull();
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    Path scenario = Scenarios.exampleFile("runbook-command", ns, dir);
    // Planned against the Deployment as it is, not the fixture it would recreate.
    Files.writeString(scenario, Files.readString(scenario).replace("  fixture: demo\n", ""));

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run");

    System.out.println(cli.out() + cli.err());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("plan for runbook-command")
        .contains("guardrail: namespace " + ns.name() + " is marked for drills")
        .contains("lease: rollback-drill-demo in " + ns.name() + " (free)")
        .contains("known-good (restore target): revision 1, image rollback-drill/demo:v1, change-cause \"v1: initial release\"")
        .contains("set env DEMO_FAULT, DEMO_DB_URL (values not shown)")
        .contains("rollback: run the runbook command: kubectl -n " + ns.name() + " rollout undo deployment/demo")
        .contains("on failure, timeout or Ctrl-C: undo to revision 1")
        .contains("nothing was changed (--dry-run)")
        .doesNotContain("mysql://wrong-host")
        .doesNotContain("==>");
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.lease()).isNull();
    assertThat(target.hasAnnotation()).isFalse();
  }

  @Test
  void aRunbookSeesExactlyTheDrillsClusterEvenWhenTheUsersCurrentContextPointsElsewhere(
      ClusterHandle cluster, KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    // The user's kubeconfig: its current context is another cluster (here one that refuses every
    // connection); the drill is asked to run on the local one by name.
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: other, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}
        - {name: local, cluster: {server: "%s", insecure-skip-tls-verify: true}}
        users: [{name: u, user: {token: "%s"}}]
        contexts:
        - {name: elsewhere, context: {cluster: other, user: u}}
        - {name: drill-local, context: {cluster: local, user: u}}
        current-context: elsewhere
        """.formatted(cluster.config().getMasterUrl(), cluster.config().getAutoOAuthToken()));
    Path scenario = Scenarios.exampleFile("runbook-command", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace(
        "  run: \"kubectl -n " + ns.name() + " rollout undo deployment/demo\"\n", """
          run: |
            kubectl config get-contexts -o name
            kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}{"\\n"}'
            kubectl -n %s rollout undo deployment/demo
        """.formatted(ns.name())));
    assertThat(Files.readString(scenario)).contains("get-contexts");
    Path drills = dir.resolve("drills");

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "context:drill-local",
        "--kubeconfig", kubeconfig.toString(), "--drills", drills.toString(), "--junit-xml", dir.resolve("junit").toString());

    System.out.println(cli.out() + cli.err());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    List<DrillRecord> records = new DrillHistory(drills).readAll().records();
    assertThat(records).hasSize(1);
    List<String> seen = records.get(0).procedureOutput().lines().toList();
    assertThat(seen.get(0)).as("the only context the runbook sees").isEqualTo("rollback-drill");
    assertThat(seen.get(1)).as("its server").startsWith(cluster.config().getMasterUrl().replaceAll("/$", ""));
    assertThat(seen.get(2)).contains("deployment.apps/demo rolled back");
    assertThat(records.get(0).procedureOutput()).doesNotContain("elsewhere").doesNotContain("127.0.0.1:1\n");
    assertThat(new DemoTarget(client, ns.name()).healthyOnKnownGood()).isTrue();
  }

  @Test
  void aFixtureNeverDeletesADeploymentItDidNotCreate(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    // Somebody's own service called demo, in a namespace marked for drills: no fixture label.
    client.apps().deployments().inNamespace(ns.name()).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("demo").addToLabels("app", "theirs").endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "theirs").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "theirs").endMetadata()
        .withNewSpec().addNewContainer().withName("theirs").withImage(DemoTarget.KNOWN_GOOD_IMAGE)
        .withImagePullPolicy("Never").endContainer().endSpec().endTemplate().endSpec().build()).create();
    org.awaitility.Awaitility.await("their deployment rolled out").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> dev.rollbackdrill.kube.Rollouts.complete(
            client.apps().deployments().inNamespace(ns.name()).withName("demo").get()));
    Thread.sleep(1500);
    var theirs = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    Path blueGreen = Scenarios.exampleFile("blue-green-switch", ns, dir);
    Path demo = Scenarios.exampleFile("noop-undo", ns, dir);

    DrillCli cli = DrillCli.run("run", demo.toString(), blueGreen.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    DrillCli plan = DrillCli.run("run", demo.toString(), "--cluster", "local", "--dry-run");

    System.out.println(cli.out() + cli.err() + plan.out());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out())
        .contains("preflight: fixture demo: namespace " + ns.name() + " already has deployment/demo, which no fixture"
            + " created (no label " + DemoFixture.LABEL + ")")
        .contains("preflight: fixture blue-green: namespace " + ns.name() + " already has deployment/demo")
        .contains("Remove target.fixture from the scenario");
    assertThat(plan.out()).contains("fixture: WOULD REFUSE: fixture demo: namespace " + ns.name());
    var after = client.apps().deployments().inNamespace(ns.name()).withName("demo").get();
    assertThat(after.getMetadata().getUid()).isEqualTo(theirs.getMetadata().getUid());
    assertThat(after.getMetadata().getResourceVersion()).isEqualTo(theirs.getMetadata().getResourceVersion());
    // Nothing else was created for the refused fixtures either.
    assertThat(client.services().inNamespace(ns.name()).withName("demo").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo-blue").get()).isNull();
    assertThat(new DemoTarget(client, ns.name()).lease()).isNull();

    // Its own objects it replaces freely: once theirs is gone, fixtures take turns in the namespace.
    client.apps().deployments().inNamespace(ns.name()).withName("demo").delete();
    org.awaitility.Awaitility.await("their deployment deleted").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> client.apps().deployments().inNamespace(ns.name()).withName("demo").get() == null);
    DemoFixture.reset(client, ns.name(), dev.rollbackdrill.scenario.Fixture.DEMO);
    DemoFixture.reset(client, ns.name(), dev.rollbackdrill.scenario.Fixture.BLUE_GREEN);
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo").get()).isNull();
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo-blue").get().getMetadata().getLabels())
        .containsEntry(DemoFixture.LABEL, "blue-green");
  }

  @Test
  void aNamedRevisionThatIsNoLongerRetainedIsRefusedBeforeAnythingChanges(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    Path scenario = Scenarios.exampleFile("crashloop-undo-to-revision", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("  fixture: demo\n", "")
        .replace("  revision: 1\n", "  revision: 7\n"));
    assertThat(Files.readString(scenario)).contains("revision: 7");

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    DrillCli plan = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--dry-run");

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out()).contains("preflight: rollback.to revision 7 is not retained by deployment " + ns.name()
        + "/demo (retained revisions: [1]), so the undo would fail");
    assertThat(plan.out()).contains("WOULD REFUSE: rollback.to revision 7 is not retained");
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.hasAnnotation()).isFalse();
    assertThat(target.lease()).isNull();
  }

  @Test
  void withoutAShellARunbookDrillIsRefusedBeforeAnythingChangesEvenItsFixture(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    String uid = target.deployment().getMetadata().getUid();
    // As in the distroless harness image: no /bin/sh.
    Path scenario = Scenarios.exampleFile("runbook-command", ns, dir);
    System.setProperty("rollbackdrill.shell", "/nonexistent/sh");
    DrillCli cli;
    try {
      cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
          "--junit-xml", dir.resolve("junit").toString());
    } finally {
      System.clearProperty("rollbackdrill.shell");
    }

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4);
    assertThat(cli.out()).contains("preflight: procedure: command runs the runbook with /nonexistent/sh, which this"
        + " harness does not have").doesNotContain("setting up the demo service");
    assertThat(target.deployment().getMetadata().getUid()).isEqualTo(uid);
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.lease()).isNull();
  }
}
