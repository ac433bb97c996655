package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight checks with access reviews that the on-call identity ({@code --as}) may run the
 * rollback, before any change: a ServiceAccount that may only read Deployments is refused with the
 * missing permissions listed and the target untouched; granted what undo needs, the drill runs.
 */
@OnLocalCluster
class AccessReviewIT {

  private static Role role(String ns, List<PolicyRule> rules) {
    return new RoleBuilder().withNewMetadata().withName("oncall").withNamespace(ns).endMetadata()
        .withRules(rules).build();
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
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out())
        .contains("preflight: identity " + as + " may not roll back in namespace " + n)
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
}
