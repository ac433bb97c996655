package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.ApiErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code kill-switch}: turns the feature flag off again by writing back the value its ConfigMap
 * key had before the drill (removing the key if it had none), like {@code kubectl patch configmap
 * demo-flags -p '{"data":{"risky-path":"off"}}'}. No pod restarts: the kubelet syncs the
 * ConfigMap volume into running pods, which read the flag on every request; the drill measures how
 * long that takes.
 */
final class KillSwitch implements RollbackProcedure {

  @Override
  public String name() {
    return "kill-switch";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    ProcedureContext.FlagSetting f = ctx.flag();
    return f == null
        ? "turn the feature flag back off"
        : "set " + f.key() + " in configmap/" + f.configMap() + " in " + ctx.namespace() + " back to "
            + (f.knownGoodValue() == null ? "absent" : "'" + f.knownGoodValue() + "'");
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    ProcedureContext.FlagSetting f = ctx.flag();
    if (f == null) {
      throw new ProcedureException("kill-switch: the drill found no flag to turn off", "");
    }
    ConfigMap cm = ctx.client().configMaps().inNamespace(ctx.namespace()).withName(f.configMap()).get();
    if (cm == null) {
      throw new ProcedureException("configmap " + ctx.namespace() + "/" + f.configMap() + " not found", "");
    }
    Outcome set = setBack(ctx, cm);
    return set != null ? set : new Outcome("skipped: " + f.key() + " is already " + show(f.knownGoodValue()), "");
  }

  /**
   * Writes the flag's known-good value into {@code cm} (as just read), guarded by the
   * resourceVersion read; null when it holds that value already.
   */
  static Outcome setBack(ProcedureContext ctx, ConfigMap cm) throws ProcedureException {
    ProcedureContext.FlagSetting f = ctx.flag();
    String now = cm.getData() == null ? null : cm.getData().get(f.key());
    if (java.util.Objects.equals(now, f.knownGoodValue())) {
      return null;
    }
    // A merge patch's null removes the key; the resourceVersion guards against a concurrent edit.
    ObjectNode patch = Serialization.jsonMapper().createObjectNode();
    patch.putObject("metadata").put("resourceVersion", cm.getMetadata().getResourceVersion());
    patch.putObject("data").put(f.key(), f.knownGoodValue());
    try {
      ctx.client().configMaps().inNamespace(ctx.namespace()).withName(f.configMap())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      throw new ProcedureException("turning " + f.key() + " off in configmap/" + f.configMap()
          + " was not accepted: HTTP " + e.getCode() + " " + ApiErrors.status(e), "");
    }
    return new Outcome(f.key() + " set from " + show(now) + " back to " + show(f.knownGoodValue())
        + " in configmap/" + f.configMap(), "");
  }

  private static String show(String v) {
    return v == null ? "absent" : "'" + v + "'";
  }
}
