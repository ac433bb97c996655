package dev.rollbackdrill.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a drill's injections may have left when the drill could not end them (a harness killed
 * with kill -9): its noisy-neighbour pods and its ResourceQuotas, found by {@link Injection#LABEL}
 * and the drill's id. {@code drill recover} removes them.
 */
public final class ChaosLeftovers {
  private ChaosLeftovers() {}

  /** Deletes what drill {@code drillId} injected in {@code ns}; returns what it did, or "" when nothing was left. */
  public static String remove(KubernetesClient client, String ns, String drillId) {
    var quotas = client.resourceQuotas().inNamespace(ns).withLabel(Injection.LABEL, drillId);
    var pods = client.pods().inNamespace(ns).withLabel(Injection.LABEL, drillId);
    int q = quotas.list().getItems().size();
    int p = pods.list().getItems().size();
    if (q > 0) {
      quotas.delete();
    }
    if (p > 0) {
      pods.withGracePeriod(0).delete();
    }
    if (q == 0 && p == 0) {
      return "";
    }
    return "removed the drill's chaos (" + (q > 0 ? q + " ResourceQuota" + (q == 1 ? "" : "s") : "")
        + (q > 0 && p > 0 ? ", " : "") + (p > 0 ? p + " noisy-neighbour pod" + (p == 1 ? "" : "s") : "") + ")";
  }
}
