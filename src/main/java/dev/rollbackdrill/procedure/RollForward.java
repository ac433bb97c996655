package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.ApiErrors;
import static dev.rollbackdrill.kube.Rollouts.CHANGE_CAUSE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code roll-forward}: instead of going back, deploys the fix over the broken release, the way a
 * team does with {@code kubectl set image} and {@code kubectl set env}: the target container of
 * the current template gets the fixed {@code image} and/or {@code env}, and the new revision's
 * change-cause says so. When a destructive migration makes going back impossible this is the only
 * way out, so it deserves the same drill and the same clock as an undo. The patch is guarded by
 * the Deployment's generation, as {@link RevisionUndo}'s is: its resourceVersion also moves with
 * every status update the controller writes, and a guard on it refused a roll-forward (HTTP 422)
 * that raced one.
 */
final class RollForward implements RollbackProcedure {

  private final String image;
  private final Map<String, String> env;

  RollForward(String image, Map<String, String> env) {
    this.image = image;
    this.env = new LinkedHashMap<>(env);
  }

  @Override
  public String name() {
    return "roll-forward";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    return "roll deployment/" + ctx.deployment() + " in " + ctx.namespace() + " forward to " + fix();
  }

  /** The fix in words; environment values are never shown, they may be secrets. */
  private String fix() {
    List<String> parts = new ArrayList<>();
    if (image != null) {
      parts.add("image " + image);
    }
    if (!env.isEmpty()) {
      parts.add("env " + String.join(", ", env.keySet()));
    }
    return String.join(" with ", parts);
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    Deployment d = ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(ctx.deployment()).get();
    String what = ctx.namespace() + "/" + ctx.deployment();
    if (d == null) {
      throw new ProcedureException("deployment " + what + " not found", "");
    }
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      throw new ProcedureException("deployment " + what + " is paused; a paused deployment does not roll out", "");
    }
    PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).build();
    Container c = template.getSpec().getContainers().stream()
        .filter(x -> ctx.container() == null || ctx.container().equals(x.getName()))
        .findFirst()
        .orElseThrow(() -> new ProcedureException("container '" + ctx.container() + "' not found in " + what, ""));
    if (image != null) {
      c.setImage(image);
    }
    List<EnvVar> vars = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
    env.forEach((k, v) -> {
      vars.removeIf(e -> e.getName().equals(k));
      vars.add(new EnvVar(k, v, null));
    });
    c.setEnv(vars);
    if (template.equals(d.getSpec().getTemplate())) {
      throw new ProcedureException("roll-forward changes nothing: deployment " + what + " already runs " + fix(), "");
    }
    Map<String, String> annotations = new LinkedHashMap<>(
        d.getMetadata().getAnnotations() == null ? Map.of() : d.getMetadata().getAnnotations());
    annotations.put(CHANGE_CAUSE, "roll forward to " + fix());
    ObjectMapper json = Serialization.jsonMapper();
    ArrayNode patch = json.createArrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/generation")
        .put("value", d.getMetadata().getGeneration());
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", json.valueToTree(template));
    patch.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", json.valueToTree(annotations));
    Deployment after;
    try {
      after = ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(ctx.deployment())
          .patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      throw new ProcedureException("roll-forward of " + what + " was not accepted: HTTP " + e.getCode() + " "
          + ApiErrors.status(e), "");
    }
    return new Outcome("rolled forward to " + fix() + " (generation " + after.getMetadata().getGeneration() + ")", "");
  }
}
