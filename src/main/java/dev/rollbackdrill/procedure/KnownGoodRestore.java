package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.Rollouts;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one way a target goes back to its known-good state, used by a drill's own restore (every
 * lever) and by {@code drill recover} alike: each call is one attempt that changes only what
 * differs from the known-good, says what it did, and is a no-op when it is back already. The
 * Deployment goes back to its known-good revision as {@code kubectl rollout undo --to-revision}
 * would ({@link RevisionUndo}, guarded by the generation), or, when that ReplicaSet is no longer
 * retained, to the recorded template; the progress deadline by a merge patch of that one field; a
 * blue-green Service's selector and a flag's ConfigMap key by the same guarded writes as the
 * {@code blue-green-switch} and {@code kill-switch} procedures. Retrying is the caller's (one
 * policy for all: {@code guard.RestoreRetry}); an object that is gone is {@link Gone}, which no
 * retry can fix.
 */
public final class KnownGoodRestore {

  /** What should be restored no longer exists: retrying cannot help. */
  public static final class Gone extends Exception {
    private static final long serialVersionUID = 1L;

    public Gone(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;
  private final String ns;
  private final String deployment;

  public KnownGoodRestore(KubernetesClient client, String namespace, String deployment) {
    this.client = client;
    this.ns = namespace;
    this.deployment = deployment;
  }

  /**
   * Puts the Deployment's known-good pod template (hash {@code templateHash}) live: its retained
   * revision if there is one, else {@code template}. Returns what it did.
   */
  public String template(String templateHash, PodTemplateSpec template, String image) throws ProcedureException, Gone {
    Deployment d = deployment();
    List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
    if (Rollouts.current(d, rss).map(rs -> templateHash.equals(Rollouts.hash(rs))).orElse(false)) {
      return "already on its known-good template (revision " + Rollouts.revision(d) + ")";
    }
    Optional<ReplicaSet> retained = Rollouts.owned(d, rss).stream()
        .filter(rs -> templateHash.equals(Rollouts.hash(rs))).findFirst();
    if (retained.isPresent()) {
      RevisionUndo.undo(client, ns, deployment, Rollouts.revision(retained.get()));
      return "rolled back to known-good revision " + Rollouts.revision(retained.get()) + " (" + image + ")";
    }
    client.apps().deployments().inNamespace(ns).withName(deployment).edit(x -> {
      x.getSpec().setTemplate(template);
      return x;
    });
    return "known-good revision no longer retained; re-applied the recorded template (" + image + ")";
  }

  /**
   * Sets the Deployment's progress deadline back to {@code seconds} (null: the API server's
   * default) if it differs. A merge patch of one field, which the controller's status writes
   * cannot make conflict. Returns what it did, or "" when nothing differed.
   */
  public String progressDeadline(Integer seconds) throws Gone {
    Integer now = deployment().getSpec().getProgressDeadlineSeconds();
    if (seconds == null ? now == null || now == 600 : seconds.equals(now)) {
      return "";
    }
    client.apps().deployments().inNamespace(ns).withName(deployment).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"progressDeadlineSeconds\":" + (seconds == null ? "null" : seconds) + "}}");
    return "progress deadline back to " + (seconds == null ? "its default" : seconds + " s");
  }

  /** Points a blue-green Service back at its known-good colour; returns what it did, or "" when it did nothing. */
  public String selector(ProcedureContext.ServiceSelector selector) throws ProcedureException, Gone {
    var svc = client.services().inNamespace(ns).withName(selector.service()).get();
    if (svc == null) {
      throw new Gone("service " + ns + "/" + selector.service() + " not found");
    }
    RollbackProcedure.Outcome did = BlueGreenSwitch.switchBack(context(selector, null), svc);
    return did == null ? "" : did.summary();
  }

  /** Writes a flag's known-good value back (removing a key that had none); returns what it did, or "" when it did nothing. */
  public String flag(ProcedureContext.FlagSetting flag) throws ProcedureException, Gone {
    var cm = client.configMaps().inNamespace(ns).withName(flag.configMap()).get();
    if (cm == null) {
      throw new Gone("configmap " + ns + "/" + flag.configMap() + " not found");
    }
    RollbackProcedure.Outcome did = KillSwitch.setBack(context(null, flag), cm);
    return did == null ? "" : did.summary();
  }

  /**
   * Deletes the canary Deployment drill {@code drillId} made beside the target and its pods (out of
   * the traffic already, or about to be: no grace); returns what it did, or "" when there was none.
   */
  public String canary(String drillId) {
    String name = CanaryAbort.canaryName(deployment);
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    boolean ours = d != null && d.getMetadata().getLabels() != null
        && drillId.equals(d.getMetadata().getLabels().get(CanaryAbort.DRILL));
    var pods = client.pods().inNamespace(ns).withLabel(CanaryAbort.DRILL, drillId).withLabel(CanaryAbort.TRACK, "canary");
    int n = pods.list().getItems().size();
    if (!ours && n == 0) {
      return "";
    }
    if (ours) {
      client.apps().deployments().inNamespace(ns).withName(name).delete();
    }
    // Its ReplicaSets too, before the pods: the garbage collector takes them in the background, and
    // meanwhile one would replace a pod deleted here (seen after a kill -9 and drill recover).
    client.apps().replicaSets().inNamespace(ns).withLabel(CanaryAbort.DRILL, drillId)
        .withLabel(CanaryAbort.TRACK, "canary").delete();
    pods.withGracePeriod(0).delete();
    return "deleted the canary deployment/" + name + " and its " + n + " pod" + (n == 1 ? "" : "s");
  }

  private ProcedureContext context(ProcedureContext.ServiceSelector selector, ProcedureContext.FlagSetting flag) {
    return new ProcedureContext(client, ns, deployment, 0, null, Duration.ofSeconds(30), null, selector, flag);
  }

  private Deployment deployment() throws Gone {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(deployment).get();
    if (d == null) {
      throw new Gone("deployment " + ns + "/" + deployment + " no longer exists");
    }
    return d;
  }

  /** Whether the Deployment is rolled out completely on the known-good template {@code templateHash}. */
  public static boolean healthyOn(Deployment d, List<ReplicaSet> rss, String templateHash) {
    return d != null && Rollouts.complete(d)
        && Rollouts.current(d, rss).map(rs -> templateHash.equals(Rollouts.hash(rs))).orElse(false);
  }
}
