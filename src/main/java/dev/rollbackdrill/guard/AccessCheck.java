package dev.rollbackdrill.guard;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, with access reviews and before anything changes, that the identity who will run the
 * rollback may do every call the procedure needs. A drill proves that anyone on call can roll
 * back, not only an admin: with {@code --as} the check is made for an on-call user, group or
 * ServiceAccount ({@code system:serviceaccount:NS:NAME}) instead of the current identity.
 */
public final class AccessCheck {

  /** One permission: verb on group/resource. */
  public record Permission(String verb, String group, String resource) {
    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? resource : resource + "." + group);
    }
  }

  /** What {@code kubectl rollout undo} (and rollback-drill's own undo) calls. */
  public static final List<Permission> ROLLOUT_UNDO = List.of(
      new Permission("get", "apps", "deployments"),
      new Permission("patch", "apps", "deployments"),
      new Permission("list", "apps", "replicasets"));

  /** A blue-green switch re-points the Service's selector. */
  public static final List<Permission> BLUE_GREEN_SWITCH = List.of(
      new Permission("get", "", "services"),
      new Permission("patch", "", "services"));

  /** A kill switch writes the flag's ConfigMap. */
  public static final List<Permission> KILL_SWITCH = List.of(
      new Permission("get", "", "configmaps"),
      new Permission("patch", "", "configmaps"));

  /** Rolling forward patches the Deployment's template. */
  public static final List<Permission> ROLL_FORWARD = List.of(
      new Permission("get", "apps", "deployments"),
      new Permission("patch", "apps", "deployments"));

  /**
   * What the on-call identity needs for {@code procedure} (its scenario-file name). A runbook
   * command is assumed to be {@code kubectl rollout undo}: its real calls cannot be known.
   */
  public static List<Permission> neededFor(String procedure) {
    return switch (procedure) {
      case "blue-green-switch" -> BLUE_GREEN_SWITCH;
      case "kill-switch" -> KILL_SWITCH;
      case "roll-forward" -> ROLL_FORWARD;
      default -> ROLLOUT_UNDO;
    };
  }

  private AccessCheck() {}

  /**
   * The permissions {@code asUser} (or the current identity when null) lacks in {@code namespace};
   * empty when all are allowed.
   */
  public static List<Permission> missing(KubernetesClient client, String namespace, List<Permission> needed,
      String asUser, List<String> asGroups) {
    List<Permission> missing = new ArrayList<>();
    for (Permission p : needed) {
      ResourceAttributes attrs = new ResourceAttributesBuilder()
          .withNamespace(namespace).withVerb(p.verb()).withGroup(p.group()).withResource(p.resource()).build();
      boolean allowed;
      if (asUser == null && asGroups.isEmpty()) {
        allowed = Boolean.TRUE.equals(client.authorization().v1().selfSubjectAccessReview()
            .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withResourceAttributes(attrs).endSpec().build())
            .getStatus().getAllowed());
      } else {
        SubjectAccessReview r = client.authorization().v1().subjectAccessReview()
            .create(new SubjectAccessReviewBuilder().withNewSpec().withUser(asUser).withGroups(asGroups)
                .withResourceAttributes(attrs).endSpec().build());
        allowed = Boolean.TRUE.equals(r.getStatus().getAllowed());
      }
      if (!allowed) {
        missing.add(p);
      }
    }
    return missing;
  }
}
