package dev.rollbackdrill.chaos;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.scenario.Chaos;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code quota-squeeze}: a ResourceQuota in the target's namespace whose pod count is exactly what
 * the namespace holds with the target at its replicas (the other pods there now, plus the
 * Deployment's {@code spec.replicas}), so not one pod more can be created: a rollout that needs a
 * surge pod waits, as a namespace out of quota makes it wait on a bad day. Counting the target at
 * its replicas, not its pods now, makes the squeeze the same whether or not the rollout has created
 * a surge pod already when it begins (a quota below what is used refuses until enough pods go).
 * Begins once the quota controller has counted the namespace (until then the quota refuses
 * everything, which is no squeeze but a wall); ends by deleting the quota.
 */
final class QuotaSqueeze implements Injection {

  private final Chaos spec;
  private final ChaosTarget target;
  private final String name;
  private long begunAt;
  private long heldNanos;
  private int pods;

  QuotaSqueeze(Chaos spec, ChaosTarget target, int index) {
    this.spec = spec;
    this.target = target;
    this.name = "rollback-drill-chaos-" + target.drillId() + "-" + index;
  }

  @Override
  public String begin() throws ChaosException {
    Deployment d = target.deployment();
    Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
    long others = target.client().pods().inNamespace(target.namespace()).list().getItems().stream()
        .filter(QuotaSqueeze::counted).filter(p -> !selected(p, selector)).count();
    pods = (int) others + replicas(d);
    ResourceQuota q = new ResourceQuotaBuilder()
        .withNewMetadata().withName(name).withNamespace(target.namespace()).addToLabels(LABEL, target.drillId())
        .endMetadata()
        .withNewSpec().addToHard("pods", new Quantity(Integer.toString(pods))).endSpec().build();
    try {
      target.client().resourceQuotas().inNamespace(target.namespace()).resource(q).create();
    } catch (KubernetesClientException e) {
      throw new ChaosException("quota-squeeze: creating ResourceQuota " + name + " was refused: " + ApiErrors.describe(e));
    }
    awaitCounted();
    begunAt = System.nanoTime();
    return "quota-squeeze: ResourceQuota " + name + " holds namespace " + target.namespace() + " at " + pods
        + " pods (the target at its " + replicas(d) + " replicas, no room for a surge pod)";
  }

  /** A pod the quota counts: not yet succeeded or failed. */
  private static boolean counted(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private static int replicas(Deployment d) {
    return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
  }

  /** A pod of the target: its labels carry every label of the Deployment's selector. */
  private static boolean selected(Pod p, Map<String, String> selector) {
    Map<String, String> labels = p.getMetadata().getLabels();
    return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  /** Setting up, not a measurement: a plain poll until the quota controller has counted the namespace. */
  private void awaitCounted() throws ChaosException {
    Boolean counted = SetupPoll.until("quota-squeeze", Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
      ResourceQuota q = target.client().resourceQuotas().inNamespace(target.namespace()).withName(name).get();
      boolean done = q != null && q.getStatus() != null && q.getStatus().getUsed() != null
          && q.getStatus().getUsed().containsKey("pods");
      return done ? true : null;
    });
    if (counted == null) {
      throw new ChaosException("quota-squeeze: the quota controller did not count namespace " + target.namespace()
          + " within 15 s");
    }
  }

  @Override
  public String end() {
    if (begunAt != 0 && heldNanos == 0) {
      heldNanos = System.nanoTime() - begunAt;
    }
    ResourceQuota q = target.client().resourceQuotas().inNamespace(target.namespace()).withName(name).get();
    if (q == null) {
      return "";
    }
    target.client().resourceQuotas().inNamespace(target.namespace()).withName(name).delete();
    return "deleted ResourceQuota " + name;
  }

  @Override
  public String did() {
    return "held the namespace at " + pods + " pods for "
        + dev.rollbackdrill.scenario.Durations.format(Duration.ofNanos(heldNanos));
  }

  @Override
  public Chaos spec() {
    return spec;
  }
}
