package dev.rollbackdrill.procedure;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code automatic}: the team's own canary automation rolls the canary back, so the drill triggers
 * nothing. By the time this runs the detect phase has seen the automation act (the canary's pods
 * terminating); this only says what it did and who did it: the canary's Deployment deleted, or
 * scaled down by the field manager that now owns its {@code spec.replicas} (a client's user agent,
 * such as {@code rollback-drill-canary-watch} or {@code kubectl-scale}).
 */
public final class AutomaticRollback implements RollbackProcedure {

  @Override
  public String name() {
    return "automatic";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    return "nothing: the team's automation rolls back deployment/" + CanaryAbort.canaryName(ctx.deployment())
        + " in " + ctx.namespace() + " by itself";
  }

  @Override
  public Outcome run(ProcedureContext ctx) {
    String name = CanaryAbort.canaryName(ctx.deployment());
    Deployment d = ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(name).get();
    if (d == null || d.getMetadata().getDeletionTimestamp() != null) {
      return new Outcome("nothing to trigger: the team's automation deleted deployment/" + name, "");
    }
    Integer replicas = d.getSpec().getReplicas();
    return new Outcome("nothing to trigger: the team's automation scaled deployment/" + name + " to " + replicas
        + " replica" + (replicas != null && replicas == 1 ? "" : "s")
        + replicasOwner(d.getMetadata().getManagedFields()).map(m -> " (field manager " + m + ")").orElse(""), "");
  }

  /** The field manager that last set {@code spec.replicas}: server-side field ownership moves to whoever changes it. */
  static Optional<String> replicasOwner(List<ManagedFieldsEntry> fields) {
    if (fields == null) {
      return Optional.empty();
    }
    return fields.stream()
        .filter(f -> f.getFieldsV1() != null && ownsReplicas(f))
        .max(Comparator.comparing(f -> f.getTime() == null ? "" : f.getTime()))
        .map(ManagedFieldsEntry::getManager);
  }

  private static boolean ownsReplicas(ManagedFieldsEntry f) {
    Object spec = f.getFieldsV1().getAdditionalProperties().get("f:spec");
    return spec instanceof java.util.Map<?, ?> m && m.containsKey("f:replicas");
  }
}
