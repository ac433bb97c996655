package dev.rollbackdrill.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The known-good state a drill will restore, written onto the target Deployment as the
 * annotation {@value #ANNOTATION} before anything changes, and removed once the target is seen
 * healthy on it again. If the harness is killed in between, {@code drill recover} finds the
 * annotation and restores the target from it.
 */
public record KnownGood(
    String drillId,
    String holder,
    Instant startedAt,
    long revision,
    String templateHash,
    String image,
    Integer progressDeadlineSeconds,
    PodTemplateSpec template,
    dev.rollbackdrill.procedure.ProcedureContext.ServiceSelector selector,
    dev.rollbackdrill.procedure.ProcedureContext.FlagSetting flag) {

  public static final String ANNOTATION = "rollback-drill/known-good";

  /** The known-good of a Deployment-revision drill: nothing but the Deployment changes. */
  public KnownGood(String drillId, String holder, Instant startedAt, long revision, String templateHash,
      String image, Integer progressDeadlineSeconds, PodTemplateSpec template) {
    this(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds, template, null, null);
  }

  /**
   * The same, also recording the Service selector (blue-green) or flag value (kill switch) the
   * drill will change, so that {@code drill recover} can put them back too.
   */
  public KnownGood withLever(
      dev.rollbackdrill.procedure.ProcedureContext.ServiceSelector selector,
      dev.rollbackdrill.procedure.ProcedureContext.FlagSetting flag) {
    return new KnownGood(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds,
        template, selector, flag);
  }

  /** Writes the annotation (a merge patch: nothing else on the Deployment changes). */
  public void annotate(KubernetesClient client, String namespace, String deployment) {
    String json;
    try {
      json = Serialization.jsonMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> patch = Map.of("metadata", Map.of("annotations", Map.of(ANNOTATION, json)));
    client.apps().deployments().inNamespace(namespace).withName(deployment)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  /** Removes the annotation, if present. */
  public static void clear(KubernetesClient client, String namespace, String deployment) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    if (d == null || read(d).isEmpty()) {
      return;
    }
    // A merge patch's null removes the key.
    String patch = "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":null}}}";
    client.apps().deployments().inNamespace(namespace).withName(deployment)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /** The annotation on {@code d}, if it carries one that can be read. */
  public static Optional<KnownGood> read(Deployment d) {
    Map<String, String> a = d.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(ANNOTATION)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Serialization.jsonMapper().readValue(a.get(ANNOTATION), KnownGood.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
