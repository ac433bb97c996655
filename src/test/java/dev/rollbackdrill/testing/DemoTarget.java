package dev.rollbackdrill.testing;

import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.change.CandidateChange;
import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.scenario.Fixture;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * The demo Deployment in a test's namespace, as a drill target seen from outside the drill: which
 * template it runs, whether it carries the known-good annotation, whether its lease exists.
 */
public record DemoTarget(KubernetesClient client, String namespace) {

  public static final String NAME = "demo";
  public static final String KNOWN_GOOD_IMAGE = "rollback-drill/demo:v1";

  /**
   * Creates the demo service afresh and waits until its rollout is complete and the controller
   * has stopped writing status, so any later change of the resourceVersion is somebody else's.
   */
  public static DemoTarget createSettled(KubernetesClient client, TestNamespace ns) throws InterruptedException {
    DemoFixture.reset(client, ns.name(), Fixture.DEMO);
    DemoTarget t = new DemoTarget(client, ns.name());
    Awaitility.await("demo rolled out").atMost(Duration.ofSeconds(90)).until(t::healthyOnKnownGood);
    Thread.sleep(1500);
    return t;
  }

  public Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName(NAME).get();
  }

  public String resourceVersion() {
    return deployment().getMetadata().getResourceVersion();
  }

  public String image() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  /** The ReplicaSet the Deployment currently runs. */
  public Optional<ReplicaSet> current() {
    Deployment d = deployment();
    List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(namespace).list().getItems();
    return Rollouts.current(d, rss);
  }

  /**
   * True when the rollout is complete on the demo's first, healthy template: v1 image, no
   * environment, the readiness probe that passes, no drill's candidate marker, every replica ready.
   */
  public boolean healthyOnKnownGood() {
    Deployment d = deployment();
    if (d == null || !Rollouts.complete(d)) {
      return false;
    }
    var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    return KNOWN_GOOD_IMAGE.equals(c.getImage())
        && (c.getEnv() == null || c.getEnv().isEmpty())
        && (c.getCommand() == null || c.getCommand().isEmpty())
        && (d.getSpec().getTemplate().getMetadata().getAnnotations() == null
            || !d.getSpec().getTemplate().getMetadata().getAnnotations().containsKey(CandidateChange.NOOP_ANNOTATION))
        && c.getReadinessProbe() != null && c.getReadinessProbe().getHttpGet() != null
        && c.getReadinessProbe().getHttpGet().getPort().getIntVal() == 8080
        && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() == replicas;
  }

  /** The known-good record a drill of this target wrote onto its lease, while the lease is there. */
  public Optional<KnownGood> annotation() {
    return KnownGood.of(client, namespace, NAME);
  }

  /** Whether the Deployment or any of its ReplicaSets carries an annotation of the drill's. */
  public boolean hasAnnotation() {
    return !drillAnnotations(client, namespace, NAME).isEmpty();
  }

  /** Every {@code rollback-drill/} annotation on Deployment {@code name} and its ReplicaSets, as "object: key". */
  public static List<String> drillAnnotations(KubernetesClient client, String namespace, String name) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    List<String> found = new java.util.ArrayList<>();
    if (d == null) {
      return found;
    }
    List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new java.util.ArrayList<>();
    objects.add(d);
    objects.addAll(Rollouts.owned(d, client.apps().replicaSets().inNamespace(namespace).list().getItems()));
    for (var o : objects) {
      if (o.getMetadata().getAnnotations() != null) {
        o.getMetadata().getAnnotations().keySet().stream().filter(k -> k.startsWith("rollback-drill/"))
            .forEach(k -> found.add(o.getKind() + "/" + o.getMetadata().getName() + ": " + k));
      }
    }
    return found;
  }

  public Lease lease() {
    return client.resources(Lease.class).inNamespace(namespace).withName(DrillLease.leaseName(NAME)).get();
  }
}
