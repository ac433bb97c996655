package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.drill.DrillListener;
import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.rollbackdrill.timing.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight checks with access reviews that the on-call identity ({@code --as}) may run the
 * rollback, before any change: a ServiceAccount that may only read Deployments is refused with the
 * missing permissions listed and the target untouched; granted exactly what undo needs, the drill
 * runs. And the procedure then really acts as that identity: a built-in undo whose permission is
 * taken away mid-drill fails with the ServiceAccount's name in the API server's refusal (and the
 * harness, as itself, still restores the target), and a runbook's kubectl is the ServiceAccount too.
 */
@OnLocalCluster
class AccessReviewIT {

  private static Role role(String ns, List<PolicyRule> rules) {
    return new RoleBuilder().withNewMetadata().withName("oncall").withNamespace(ns).endMetadata()
        .withRules(rules).build();
  }

  /** A ServiceAccount {@code oncall} in {@code ns} bound to Role {@code oncall} with {@code rules}. */
  private static String onCallAccount(KubernetesClient client, String n, List<PolicyRule> rules) {
    client.serviceAccounts().inNamespace(n).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("oncall").endMetadata().build()).create();
    client.rbac().roles().inNamespace(n).resource(role(n, rules)).create();
    client.rbac().roleBindings().inNamespace(n).resource(new RoleBindingBuilder()
        .withNewMetadata().withName("oncall").withNamespace(n).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "oncall")
        .addNewSubject().withKind("ServiceAccount").withName("oncall").withNamespace(n).endSubject()
        .build()).create();
    return "system:serviceaccount:" + n + ":oncall";
  }

  /** Exactly what an undo calls: read and patch the Deployment, list its ReplicaSets. */
  private static List<PolicyRule> undoRules(String... deploymentVerbs) {
    return List.of(
        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs(deploymentVerbs).build(),
        new PolicyRuleBuilder().withApiGroups("apps").withResources("replicasets").withVerbs("list").build());
  }

  @Test
  void anIdentityThatMayNotRollBackIsRefusedInPreflightListingWhatItLacks(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    String n = ns.name();
    client.serviceAccounts().inNamespace(n).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("oncall").endMetadata().build()).create();
    client.rbac().roles().inNamespace(n).resource(role(n, List.of(new PolicyRuleBuilder()
        .withApiGroups("apps").withResources("deployments").withVerbs("get").build()))).create();
    client.rbac().roleBindings().inNamespace(n).resource(new RoleBindingBuilder()
        .withNewMetadata().withName("oncall").withNamespace(n).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "oncall")
        .addNewSubject().withKind("ServiceAccount").withName("oncall").withNamespace(n).endSubject()
        .build()).create();
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    String uid = target.deployment().getMetadata().getUid();
    // With the fixture: a refused drill must not even reset the demo service.
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    String as = "system:serviceaccount:" + n + ":oncall";

    DrillCli refused = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--as", as, "--junit-xml", dir.resolve("junit").toString());

    System.out.println(refused.out() + refused.err());
    assertThat(refused.exit()).isEqualTo(4); // refused before anything changed
    assertThat(refused.out())
        .contains("preflight: identity " + as + " (groups system:serviceaccounts, system:serviceaccounts:" + n
            + ") may not roll back in namespace " + n)
        .contains("missing: patch deployments.apps, list replicasets.apps")
        .doesNotContain("missing: get deployments.apps")
        .doesNotContain("setting up the demo service");
    assertThat(target.deployment().getMetadata().getUid()).isEqualTo(uid);
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.hasAnnotation()).isFalse();
    assertThat(target.lease()).isNull();

    // Granted exactly what an undo needs, the same identity passes preflight and the drill runs.
    client.rbac().roles().inNamespace(n).resource(role(n, List.of(
        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("get", "patch").build(),
        new PolicyRuleBuilder().withApiGroups("apps").withResources("replicasets").withVerbs("list").build())))
        .update();

    DrillCli allowed = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--as", as, "--junit-xml", dir.resolve("junit").toString());

    assertThat(allowed.exit()).as(allowed.out() + allowed.err()).isZero();
    assertThat(allowed.out()).contains("PASSED").doesNotContain("may not roll back");
    assertThat(target.healthyOnKnownGood()).isTrue();
  }

  @Test
  void theProcedureActsAsTheOnCallIdentityNotAsTheHarness(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    String n = ns.name();
    String as = onCallAccount(client, n, undoRules("get", "patch"));
    // Preflight passes (the account may patch); once the candidate is deployed, patch is taken
    // away. The harness itself may still do anything: only an undo made as the account can fail.
    DrillListener revokePatchAfterDeploy = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + phase + " " + nanos / 1_000_000 + " ms " + detail);
        if (phase.equals(dev.rollbackdrill.timing.Phase.DEPLOY.recordName())) {
          client.rbac().roles().inNamespace(n).resource(role(n, undoRules("get"))).update();
        }
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + message);
      }
    };

    DrillResult result = new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), revokePatchAfterDeploy)
        .withOptions(new DrillRunner.Options(Set.of(), as, List.of()))
        .run(Scenarios.example("unready-undo", ns), 1, "access-review-it");
    DrillRecord r = result.record();
    System.out.println(r.verdict() + ": " + r.reason());

    assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(r.reason()).startsWith("undo to revision 1 was not accepted: HTTP 403")
        .contains("User \"" + as + "\" cannot patch resource \"deployments\"")
        .doesNotContain("RESTORE FAILED");
    // Restored by the harness as itself, which the account's missing permission does not stop.
    DemoTarget target = new DemoTarget(client, n);
    assertThat(target.healthyOnKnownGood()).isTrue();
    assertThat(target.hasAnnotation()).isFalse();
    assertThat(target.lease()).isNull();
  }

  @Test
  void aRunbookCommandRunsAsTheOnCallIdentityGrantedExactlyWhatTheUndoNeeds(KubernetesClient client,
      TestNamespace ns, @TempDir Path dir) throws Exception {
    String n = ns.name();
    String as = onCallAccount(client, n, undoRules("get", "patch"));
    Path scenario = Scenarios.exampleFile("runbook-command", ns, dir);
    // The runbook's undo, then a call the account may not make: its refusal names who asked.
    Files.writeString(scenario, Files.readString(scenario).replace(
        "  run: \"kubectl -n " + n + " rollout undo deployment/demo\"\n", """
          run: |
            kubectl -n %s get secrets 2>&1 || true
            kubectl -n %s rollout undo deployment/demo
        """.formatted(n, n)));
    assertThat(Files.readString(scenario)).contains("get secrets");
    Path drills = dir.resolve("drills");

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--as", as,
        "--drills", drills.toString(), "--junit-xml", dir.resolve("junit").toString());

    System.out.println(cli.out() + cli.err());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("(as " + as + " (groups system:serviceaccounts, system:serviceaccounts:" + n + "))");
    List<DrillRecord> records = new DrillHistory(drills).readAll().records();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).procedureOutput())
        .contains("User \"" + as + "\" cannot list resource \"secrets\"")
        .contains("deployment.apps/demo rolled back");
    assertThat(new DemoTarget(client, n).healthyOnKnownGood()).isTrue();
  }

  @Test
  void aRunbookAfterABlueGreenSwitchNeedsServiceVerbsNotDeploymentUndoVerbs(KubernetesClient client,
      TestNamespace ns, @TempDir Path dir) throws Exception {
    String n = ns.name();
    String as = onCallAccount(client, n, undoRules("get", "patch"));
    Path scenario = Scenarios.exampleFile("blue-green-switch", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("  procedure: blue-green-switch\n",
        "  procedure: command\n  run: \"kubectl -n " + n
            + " patch service demo -p '{\\\"spec\\\":{\\\"selector\\\":{\\\"color\\\":\\\"blue\\\"}}}'\"\n"));
    assertThat(Files.readString(scenario)).contains("procedure: command");

    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "local", "--as", as, "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out()).contains("may not roll back in namespace " + n)
        .contains("missing: get services, patch services")
        .doesNotContain("setting up the blue-green demo");
  }

  @Test
  void aHarnessThatMayNotImpersonateTheOnCallIdentityIsRefusedInPreflight(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    String n = ns.name();
    String as = onCallAccount(client, n, undoRules("get", "patch"));
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    // The harness runs as a ServiceAccount of its own that may do nothing at all, impersonation included.
    client.serviceAccounts().inNamespace(n).resource(new ServiceAccountBuilder()
        .withNewMetadata().withName("harness").endMetadata().build()).create();
    String token = org.awaitility.Awaitility.await("the harness account's token").atMost(java.time.Duration.ofSeconds(60))
        .until(() -> client.secrets().inNamespace(n).list().getItems().stream()
            .filter(sec -> "harness".equals(sec.getMetadata().getAnnotations() == null ? null
                : sec.getMetadata().getAnnotations().get("kubernetes.io/service-account.name")))
            .map(sec -> sec.getData() == null ? null : sec.getData().get("token"))
            .filter(java.util.Objects::nonNull)
            .map(t -> new String(java.util.Base64.getDecoder().decode(t), java.nio.charset.StandardCharsets.UTF_8))
            .findFirst().orElse(null), java.util.Objects::nonNull);
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: local, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: harness, user: {token: "%s"}}]
        contexts: [{name: harness, context: {cluster: local, user: harness}}]
        current-context: harness
        """.formatted(cluster.config().getMasterUrl(), token));
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("  fixture: demo\n", ""));

    // --allow-namespace: the account may not even read the namespace's label.
    DrillCli cli = DrillCli.run("run", scenario.toString(), "--cluster", "context:harness", "--kubeconfig",
        kubeconfig.toString(), "--allow-namespace", n, "--as", as, "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    System.out.println(cli.out() + cli.err());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(4); // refused before anything changed
    assertThat(cli.out()).contains("preflight: the harness's own identity may not impersonate " + as)
        .contains("missing: impersonate serviceaccounts/oncall in " + n + ", impersonate groups/system:serviceaccounts,"
            + " impersonate groups/system:serviceaccounts:" + n);
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.lease()).isNull();
  }
}
