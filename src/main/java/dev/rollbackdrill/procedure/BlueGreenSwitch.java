package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.ApiErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * {@code blue-green-switch}: points the Service's selector back at the colour it selected before
 * the drill switched it, like {@code kubectl patch service demo -p
 * '{"spec":{"selector":{"color":"blue"}}}'}. The patch is guarded by the Service's
 * resourceVersion, so a concurrent change makes it fail instead of being overwritten. Traffic
 * moves when the endpoints controller has re-listed the Service's pods; the drill watches that.
 */
final class BlueGreenSwitch implements RollbackProcedure {

  @Override
  public String name() {
    return "blue-green-switch";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    ProcedureContext.ServiceSelector s = ctx.selector();
    return s == null
        ? "point the service's selector back at the known-good colour"
        : "point service/" + s.service() + " in " + ctx.namespace() + " back at " + s.label() + "="
            + s.knownGoodColour();
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    ProcedureContext.ServiceSelector s = ctx.selector();
    if (s == null) {
      throw new ProcedureException("blue-green-switch: the drill found no Service selector to switch", "");
    }
    Service svc = ctx.client().services().inNamespace(ctx.namespace()).withName(s.service()).get();
    if (svc == null) {
      throw new ProcedureException("service " + ctx.namespace() + "/" + s.service() + " not found", "");
    }
    Outcome switched = switchBack(ctx, svc);
    return switched != null ? switched
        : new Outcome("skipped: service/" + s.service() + " already selects " + s.label() + "=" + s.knownGoodColour(), "");
  }

  /**
   * Points {@code svc} (as just read) back at the known-good colour, guarded by the resourceVersion
   * read; null when it selects that colour already.
   */
  static Outcome switchBack(ProcedureContext ctx, Service svc) throws ProcedureException {
    ProcedureContext.ServiceSelector s = ctx.selector();
    Map<String, String> selector = svc.getSpec().getSelector();
    String now = selector == null ? null : selector.get(s.label());
    if (s.knownGoodColour().equals(now)) {
      return null;
    }
    ObjectMapper json = Serialization.jsonMapper();
    ArrayNode patch = json.createArrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
        .put("value", svc.getMetadata().getResourceVersion());
    patch.addObject().put("op", now == null ? "add" : "replace").put("path", "/spec/selector/" + pointer(s.label()))
        .put("value", s.knownGoodColour());
    try {
      ctx.client().services().inNamespace(ctx.namespace()).withName(s.service())
          .patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      throw new ProcedureException("switching service/" + s.service() + " back to " + s.label() + "="
          + s.knownGoodColour() + " was not accepted: HTTP " + e.getCode() + " " + ApiErrors.status(e), "");
    }
    return new Outcome("service/" + s.service() + " switched from " + s.label() + "=" + now + " back to "
        + s.knownGoodColour(), "");
  }

  /** A label key as one JSON-pointer segment ({@code example.com/slot} has a slash). */
  static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
