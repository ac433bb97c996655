package dev.rollbackdrill.guard;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import dev.rollbackdrill.kube.SideBySide;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Procedure;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Checks, with access reviews and before anything changes, that the identity who will run the
 * rollback may do every call the procedure needs. A drill proves that anyone on call can roll
 * back, not only an admin: with {@code --as} the check is made for an on-call user or
 * ServiceAccount ({@code system:serviceaccount:NS:NAME}, with its groups) instead of the current
 * identity, and the procedure then really runs as that identity ({@link #impersonating}); the
 * harness's own identity must be allowed to impersonate it, which is checked too.
 */
public final class AccessCheck {

  /** The group every authenticated identity is in; the API server adds it when impersonating. */
  static final String AUTHENTICATED = "system:authenticated";

  private static final String SA_PREFIX = "system:serviceaccount:";

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

  /** A canary abort scales the canary's Deployment to zero. */
  public static final List<Permission> CANARY_ABORT = List.of(
      new Permission("get", "apps", "deployments"),
      new Permission("patch", "apps", "deployments"));

  /**
   * What the on-call identity needs for {@code procedure} after a {@code change}. A runbook
   * command's real calls cannot be known; it is assumed to do what the change needs undone: a
   * rollout undo for a new revision, a Service patch after a switch, a ConfigMap patch after a flag.
   */
  /**
   * What the harness's own identity needs to put a Deployment's rollout history back after a
   * drill that made a new revision: delete the drill's ReplicaSet, patch the team's annotations.
   */
  public static final List<Permission> PUT_HISTORY_BACK = List.of(
      new Permission("get", "apps", "replicasets"),
      new Permission("patch", "apps", "replicasets"),
      new Permission("delete", "apps", "replicasets"));

  /**
   * What the harness's own identity needs to inject {@code kind} and undo it: kill pods; create a
   * noisy neighbour and delete it; create a ResourceQuota, read its count and delete it; nothing
   * for a container kill or an API outage, which the cluster's provider causes below the API.
   */
  public static List<Permission> neededFor(dev.rollbackdrill.scenario.ChaosKind kind) {
    return switch (kind) {
      case POD_KILL -> List.of(new Permission("delete", "", "pods"));
      case CPU_PRESSURE -> List.of(new Permission("create", "", "pods"), new Permission("delete", "", "pods"),
          new Permission("list", "", "pods"));
      case QUOTA_SQUEEZE -> List.of(new Permission("create", "", "resourcequotas"),
          new Permission("get", "", "resourcequotas"), new Permission("delete", "", "resourcequotas"),
          new Permission("list", "", "pods"));
      // Below the API: the provider's own access to the node and the control plane, no RBAC verb.
      case CONTAINER_KILL, API_UNAVAILABLE -> List.of();
    };
  }

  public static List<Permission> neededFor(Procedure procedure, ChangeType change) {
    return switch (procedure) {
      case BLUE_GREEN_SWITCH -> BLUE_GREEN_SWITCH;
      case KILL_SWITCH -> KILL_SWITCH;
      case ROLL_FORWARD -> ROLL_FORWARD;
      case ROLLOUT_UNDO -> ROLLOUT_UNDO;
      case CANARY_ABORT -> CANARY_ABORT;
      // The team's automation acts as itself; the on-call identity does nothing.
      case AUTOMATIC -> List.of();
      case COMMAND -> switch (change) {
        case CANARY -> CANARY_ABORT;
        case SWITCH -> BLUE_GREEN_SWITCH;
        case FLAG -> KILL_SWITCH;
        case NOOP, BROKEN -> ROLLOUT_UNDO;
      };
    };
  }

  /**
   * The groups {@code user} acts with: {@code groups}, and for a ServiceAccount its implicit
   * groups {@code system:serviceaccounts} and {@code system:serviceaccounts:NS}, which its own
   * token always carries (the API server adds them when impersonating an account without groups,
   * but not when groups are given, so they are always given here).
   */
  public static List<String> groupsOf(String user, List<String> groups) {
    Set<String> all = new LinkedHashSet<>(groups);
    serviceAccountNamespace(user).ifPresent(ns -> {
      all.add("system:serviceaccounts");
      all.add("system:serviceaccounts:" + ns);
    });
    return List.copyOf(all);
  }

  /** A copy of {@code config} whose every request impersonates {@code user} with {@link #groupsOf its groups}. */
  public static Config impersonating(Config config, String user, List<String> groups) {
    return new ConfigBuilder(config).withImpersonateUsername(user)
        .withImpersonateGroups(groupsOf(user, groups).toArray(String[]::new)).build();
  }

  private static java.util.Optional<String[]> serviceAccount(String user) {
    if (user == null || !user.startsWith(SA_PREFIX)) {
      return java.util.Optional.empty();
    }
    String[] nsName = user.substring(SA_PREFIX.length()).split(":", -1);
    return nsName.length == 2 && !nsName[0].isEmpty() && !nsName[1].isEmpty()
        ? java.util.Optional.of(nsName) : java.util.Optional.empty();
  }

  private static java.util.Optional<String> serviceAccountNamespace(String user) {
    return serviceAccount(user).map(a -> a[0]);
  }

  /**
   * What the harness's own identity lacks to impersonate {@code user} with its groups, as
   * {@code impersonate serviceaccounts/NAME in NS}, {@code impersonate users/NAME} or
   * {@code impersonate groups/NAME}; empty when it may.
   */
  public static List<String> mayNotImpersonate(KubernetesClient client, String user, List<String> groups) {
    List<String> missing = new ArrayList<>();
    java.util.Optional<String[]> sa = serviceAccount(user);
    ResourceAttributes who = sa.isPresent()
        ? new ResourceAttributesBuilder().withVerb("impersonate").withGroup("").withResource("serviceaccounts")
            .withNamespace(sa.get()[0]).withName(sa.get()[1]).build()
        : new ResourceAttributesBuilder().withVerb("impersonate").withGroup("").withResource("users").withName(user).build();
    if (!selfAllowed(client, who)) {
      missing.add("impersonate " + (sa.isPresent() ? "serviceaccounts/" + sa.get()[1] + " in " + sa.get()[0] : "users/" + user));
    }
    for (String g : groupsOf(user, groups)) {
      if (!selfAllowed(client, new ResourceAttributesBuilder().withVerb("impersonate").withGroup("")
          .withResource("groups").withName(g).build())) {
        missing.add("impersonate groups/" + g);
      }
    }
    return missing;
  }

  private static boolean selfAllowed(KubernetesClient client, ResourceAttributes attrs) {
    return Boolean.TRUE.equals(client.authorization().v1().selfSubjectAccessReview()
        .create(new SelfSubjectAccessReviewBuilder().withNewSpec().withResourceAttributes(attrs).endSpec().build())
        .getStatus().getAllowed());
  }

  private AccessCheck() {}

  /**
   * The permissions {@code asUser} (or the current identity when null) lacks in {@code namespace};
   * empty when all are allowed. {@code asUser} is reviewed with {@link #groupsOf its groups} and
   * {@code system:authenticated}, as the API server sees it when the procedure impersonates it.
   */
  public static List<Permission> missing(KubernetesClient client, String namespace, List<Permission> needed,
      String asUser, List<String> asGroups) {
    List<Callable<Boolean>> reviews = new ArrayList<>();
    for (Permission p : needed) {
      ResourceAttributes attrs = new ResourceAttributesBuilder()
          .withNamespace(namespace).withVerb(p.verb()).withGroup(p.group()).withResource(p.resource()).build();
      if (asUser == null && asGroups.isEmpty()) {
        reviews.add(() -> selfAllowed(client, attrs));
      } else {
        List<String> groups = new ArrayList<>(groupsOf(asUser, asGroups));
        if (asUser != null && !groups.contains(AUTHENTICATED)) {
          groups.add(AUTHENTICATED);
        }
        reviews.add(() -> Boolean.TRUE.equals(client.authorization().v1().subjectAccessReview()
            .create(new SubjectAccessReviewBuilder().withNewSpec().withUser(asUser).withGroups(groups)
                .withResourceAttributes(attrs).endSpec().build()).getStatus().getAllowed()));
      }
    }
    List<Boolean> allowed = all(reviews);
    List<Permission> missing = new ArrayList<>();
    for (int i = 0; i < needed.size(); i++) {
      if (!allowed.get(i)) {
        missing.add(needed.get(i));
      }
    }
    return missing;
  }

  /** Independent reviews side by side (each one round trip to the API server), answered in order. */
  private static List<Boolean> all(List<Callable<Boolean>> reviews) {
    return SideBySide.allUnchecked("access-review", reviews.stream().<SideBySide.Call<Boolean>>map(r -> r::call).toList());
  }
}
