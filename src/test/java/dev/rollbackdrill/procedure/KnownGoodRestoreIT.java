package dev.rollbackdrill.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one restore every drill and {@code drill recover} use, on the real cluster: each call
 * changes only what differs from the known-good and says what it did, a second call changes
 * nothing, and what is gone is said so at once rather than retried.
 */
@OnLocalCluster
class KnownGoodRestoreIT {

  @Test
  void putsTheKnownGoodRevisionAndDeadlineBackOnceAndThenHasNothingToDo(KubernetesClient client, TestNamespace ns)
      throws Exception {
    DemoTarget t = DemoTarget.createSettled(client, ns);
    Deployment good = t.deployment();
    String hash = Rollouts.hash(t.current().orElseThrow());
    PodTemplateSpec template = good.getSpec().getTemplate();
    client.apps().deployments().inNamespace(ns.name()).withName(DemoTarget.NAME).edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("DEMO_FAULT", "unready", null)));
      d.getSpec().setProgressDeadlineSeconds(15);
      return d;
    });
    await("the candidate is current").atMost(Duration.ofSeconds(30))
        .until(() -> !hash.equals(t.current().map(Rollouts::hash).orElse(hash)));
    KnownGoodRestore restore = new KnownGoodRestore(client, ns.name(), DemoTarget.NAME);

    assertThat(restore.template(hash, template, DemoTarget.KNOWN_GOOD_IMAGE))
        .isEqualTo("rolled back to known-good revision 1 (" + DemoTarget.KNOWN_GOOD_IMAGE + ")");
    assertThat(restore.progressDeadline(good.getSpec().getProgressDeadlineSeconds()))
        .isEqualTo("progress deadline back to " + good.getSpec().getProgressDeadlineSeconds() + " s");
    await("back on known-good").atMost(Duration.ofSeconds(60)).until(t::healthyOnKnownGood);

    assertThat(KnownGoodRestore.healthyOn(t.deployment(), client.apps().replicaSets().inNamespace(ns.name()).list()
        .getItems(), hash)).isTrue();
    assertThat(restore.template(hash, template, DemoTarget.KNOWN_GOOD_IMAGE))
        .startsWith("already on its known-good template");
    assertThat(restore.progressDeadline(good.getSpec().getProgressDeadlineSeconds())).isEmpty();
    assertThat(t.deployment().getSpec().getProgressDeadlineSeconds()).isEqualTo(good.getSpec().getProgressDeadlineSeconds());
  }

  @Test
  void putsAFlagBackAsFoundRemovingAKeyThatWasAbsent(KubernetesClient client, TestNamespace ns) throws Exception {
    client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("flags")
        .endMetadata().withData(Map.of("other", "kept", "risky-path", "on")).build()).create();
    KnownGoodRestore restore = new KnownGoodRestore(client, ns.name(), DemoTarget.NAME);
    var absent = new ProcedureContext.FlagSetting("flags", "risky-path", null, "on");

    assertThat(restore.flag(absent)).isEqualTo("risky-path set from 'on' back to absent in configmap/flags");
    assertThat(client.configMaps().inNamespace(ns.name()).withName("flags").get().getData())
        .isEqualTo(Map.of("other", "kept"));
    assertThat(restore.flag(absent)).as("nothing left to do").isEmpty();
  }

  @Test
  void whatIsGoneIsSaidSoAndNotRetried(KubernetesClient client, TestNamespace ns) {
    KnownGoodRestore restore = new KnownGoodRestore(client, ns.name(), "no-such-deployment");

    assertThatThrownBy(() -> restore.selector(new ProcedureContext.ServiceSelector("no-such-service", "color", "blue",
        "green"))).isInstanceOf(KnownGoodRestore.Gone.class)
        .hasMessage("service " + ns.name() + "/no-such-service not found");
    assertThatThrownBy(() -> restore.flag(new ProcedureContext.FlagSetting("no-such-flags", "k", "off", "on")))
        .isInstanceOf(KnownGoodRestore.Gone.class).hasMessage("configmap " + ns.name() + "/no-such-flags not found");
    assertThatThrownBy(() -> restore.template("abc", new PodTemplateSpec(), "img"))
        .isInstanceOf(KnownGoodRestore.Gone.class)
        .hasMessage("deployment " + ns.name() + "/no-such-deployment no longer exists");
  }
}
