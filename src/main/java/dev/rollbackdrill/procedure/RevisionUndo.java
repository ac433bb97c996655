package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.ApiErrors;
import static dev.rollbackdrill.kube.Rollouts.CHANGE_CAUSE;
import static dev.rollbackdrill.kube.Rollouts.REVISION;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollbackdrill.kube.Rollouts;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rolls a Deployment back to one of its revisions the way {@code kubectl rollout undo} does,
 * which fabric8's one-step {@code rolling().undo()} does not: the ReplicaSets are the ones the
 * Deployment controls (owner uid), any retained revision can be named, a paused Deployment is
 * refused, and the revision's annotations (its change-cause above all) go back on the
 * Deployment, so the history stays readable. The patch is guarded by the Deployment's generation:
 * a concurrent change of its spec makes it fail instead of being overwritten, while the status
 * writes the controller makes all the time (a crash-looping candidate's above all) do not.
 */
public final class RevisionUndo {

  /** Annotations kubectl does not copy from a ReplicaSet back to its Deployment. */
  private static final Set<String> NOT_COPIED =
      Set.of(
          REVISION,
          "deployment.kubernetes.io/revision-history",
          "deployment.kubernetes.io/desired-replicas",
          "deployment.kubernetes.io/max-replicas",
          "kubectl.kubernetes.io/last-applied-configuration");

  private RevisionUndo() {}

  /** Which revision to go back to: 0 means the one before the current, as in kubectl. */
  public static Result undo(KubernetesClient client, String ns, String name, long toRevision)
      throws ProcedureException {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null) {
      throw new ProcedureException("deployment " + ns + "/" + name + " not found", "");
    }
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      throw new ProcedureException(
          "deployment " + ns + "/" + name + " is paused; a paused deployment cannot be rolled back", "");
    }
    List<ReplicaSet> owned =
        Rollouts.owned(
            d,
            client.apps().replicaSets().inNamespace(ns).list().getItems());
    ReplicaSet target = pick(d, owned, toRevision, ns + "/" + name);
    return apply(client, d, target);
  }

  static ReplicaSet pick(Deployment d, List<ReplicaSet> owned, long toRevision, String what)
      throws ProcedureException {
    if (toRevision > 0) {
      return owned.stream()
          .filter(rs -> Rollouts.revision(rs) == toRevision)
          .findFirst()
          .orElseThrow(
              () ->
                  new ProcedureException(
                      "revision " + toRevision + " of " + what + " not found; retained revisions: "
                          + owned.stream().map(Rollouts::revision).sorted().toList(),
                      ""));
    }
    long current = Rollouts.revision(d);
    return owned.stream()
        .filter(rs -> Rollouts.revision(rs) < current || current == 0)
        .filter(rs -> Rollouts.revision(rs) != current)
        .findFirst() // owned is newest first
        .orElseThrow(() -> new ProcedureException("no previous revision of " + what + " to undo to", ""));
  }

  // Package-private: RevisionUndoIT hands it a Deployment read before somebody else's write.
  static Result apply(KubernetesClient client, Deployment d, ReplicaSet target)
      throws ProcedureException {
    long rev = Rollouts.revision(target);
    PodTemplateSpec template = Rollouts.templateOf(target);
    if (template.equals(d.getSpec().getTemplate())) {
      return new Result(rev, Rollouts.changeCause(target), false);
    }
    Map<String, String> annotations = new HashMap<>();
    if (d.getMetadata().getAnnotations() != null) {
      d.getMetadata().getAnnotations().forEach((k, v) -> {
        // The drill's own bookkeeping (the known-good record) stays on the Deployment.
        if (NOT_COPIED.contains(k) || k.startsWith("rollback-drill/")) {
          annotations.put(k, v);
        }
      });
    }
    if (target.getMetadata().getAnnotations() != null) {
      target.getMetadata().getAnnotations().forEach((k, v) -> {
        if (!NOT_COPIED.contains(k) && !k.startsWith("rollback-drill/")) {
          annotations.put(k, v);
        }
      });
    }
    ObjectMapper json = Serialization.jsonMapper();
    ArrayNode patch = json.createArrayNode();
    ObjectNode test = patch.addObject();
    test.put("op", "test").put("path", "/metadata/generation").put("value", d.getMetadata().getGeneration());
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", json.valueToTree(template));
    patch.addObject().put("op", "replace").put("path", "/metadata/annotations").set("value", json.valueToTree(annotations));
    try {
      client
          .apps()
          .deployments()
          .inNamespace(d.getMetadata().getNamespace())
          .withName(d.getMetadata().getName())
          .patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      throw new ProcedureException(
          "undo to revision " + rev + " was not accepted: HTTP " + e.getCode() + " " + ApiErrors.status(e),
          "");
    }
    return new Result(rev, annotations.get(CHANGE_CAUSE), true);
  }

  /** The revision rolled back to, its change-cause, and whether anything had to change. */
  public record Result(long revision, String changeCause, boolean changed) {}
}
