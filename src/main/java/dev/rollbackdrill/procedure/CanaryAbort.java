package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.ApiErrors;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * {@code canary-abort}: what a team's canary automation does on a failed analysis, done by the
 * drill at once: scale the canary's Deployment to zero, like {@code kubectl scale deployment
 * demo-rbd-canary --replicas=0}, so the Service's endpoints drop its pods as they terminate. The
 * target is never touched; the drill deletes the scaled-down canary after its measured phases.
 */
public final class CanaryAbort implements RollbackProcedure {

  /** Label on a canary's Deployment and pods naming the Deployment it is a canary of. */
  public static final String CANARY_OF = "rollback-drill/canary-of";
  /** Label on a canary's pods, which the target's pods never carry: how the analysis tells the tracks apart. */
  public static final String TRACK = "rollback-drill/track";

  /** Label on a canary's Deployment and pods naming the drill that made them, so that only its own are removed. */
  public static final String DRILL = "rollback-drill/drill";

  /** The name of the Deployment a drill runs as the canary of {@code deployment}. */
  public static String canaryName(String deployment) {
    return deployment + "-rbd-canary";
  }

  @Override
  public String name() {
    return "canary-abort";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    return "scale deployment/" + canaryName(ctx.deployment()) + " in " + ctx.namespace() + " to 0 replicas";
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    String name = canaryName(ctx.deployment());
    Deployment d = ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(name).get();
    if (d == null) {
      return new Outcome("skipped: no canary deployment " + name, "");
    }
    try {
      ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}");
    } catch (KubernetesClientException e) {
      throw new ProcedureException("scaling deployment/" + name + " to 0 was not accepted: " + ApiErrors.describe(e), "");
    }
    return new Outcome("scaled deployment/" + name + " from " + d.getSpec().getReplicas() + " to 0 replicas", "");
  }
}
