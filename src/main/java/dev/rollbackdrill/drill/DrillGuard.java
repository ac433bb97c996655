package dev.rollbackdrill.drill;

import dev.rollbackdrill.guard.Guardrails;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.scenario.Scenario;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;

/**
 * The guards a drill passes before it touches anything, a fixture included: the procedure can run
 * here, the namespace is opted in, the identity that will roll back may do so (and the harness may
 * impersonate it, and put the history back), and no other drill holds the target, whose lease is
 * then taken. Whether the cluster looks like production is judged earlier, before anything
 * connects to it.
 */
final class DrillGuard {

  private DrillGuard() {}

  /** The on-call identity as the procedure acts: the user and every group it impersonates. */
  static String identity(DrillRunner.Options options) {
    List<String> groups = dev.rollbackdrill.guard.AccessCheck.groupsOf(options.asUser(), options.asGroups());
    return (options.asUser() == null ? "" : options.asUser())
        + (groups.isEmpty() ? "" : " (groups " + String.join(", ", groups) + ")");
  }

  /**
   * What must hold before anything is touched, a fixture included: the namespace may be drilled,
   * the identity that will roll back may do so, and no other drill holds the target (the lease is
   * then ours for the whole drill).
   */
  static dev.rollbackdrill.guard.DrillLease check(KubernetesClient client, Scenario s,
      DrillRunner.Options options, String holder, Clock clock) throws DrillFailure {
    String ns = s.target().namespace();
    String name = s.target().deployment();
    // A procedure that cannot run here would fail only after the change: refuse it now.
    java.util.Optional<String> unavailable = Procedures.of(s.rollback()).unavailableReason();
    if (unavailable.isPresent()) {
      throw new DrillFailure("preflight: " + unavailable.get());
    }
    if (s.target().fixture() != null && client.namespaces().withName(ns).get() == null) {
      // A fixture creates its namespace, marked for drills; create it now so the lease has a home.
      client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
          .withName(ns).addToLabels(Guardrails.DRILL_LABEL, "true").endMetadata().build()).create();
    }
    String refusal = options.allowedNamespaces().contains(ns) ? null : Guardrails.refuseNamespace(client, ns);
    if (refusal != null) {
      throw new DrillFailure("preflight: " + refusal);
    }
    if (options.asUser() == null && !options.asGroups().isEmpty()) {
      throw new DrillFailure("preflight: --as-group " + String.join(", ", options.asGroups()) + " needs --as:"
          + " Kubernetes impersonates groups only together with a user");
    }
    if (options.asUser() != null) {
      List<String> cannot = dev.rollbackdrill.guard.AccessCheck.mayNotImpersonate(client, options.asUser(),
          options.asGroups());
      if (!cannot.isEmpty()) {
        throw new DrillFailure("preflight: the harness's own identity may not impersonate " + identity(options)
            + ", so the procedure could not run as them; missing: " + String.join(", ", cannot));
      }
    }
    List<dev.rollbackdrill.guard.AccessCheck.Permission> missing = dev.rollbackdrill.guard.AccessCheck.missing(
        client, ns, dev.rollbackdrill.guard.AccessCheck.neededFor(s.rollback().procedure(), s.change().type()),
        options.asUser(), options.asGroups());
    if (!missing.isEmpty()) {
      throw new DrillFailure("preflight: " + (options.asUser() == null
              ? "the current identity" : "identity " + identity(options)) + " may not roll back in namespace " + ns
          + "; missing: " + missing.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
    }
    if (s.change().type().newRevision()) {
      // The drill's own clean-up, as the harness: without it the candidate would stay in the
      // team's history (the next `kubectl rollout undo` would deploy it).
      List<dev.rollbackdrill.guard.AccessCheck.Permission> own = dev.rollbackdrill.guard.AccessCheck.missing(
          client, ns, dev.rollbackdrill.guard.AccessCheck.PUT_HISTORY_BACK, null, List.of());
      if (!own.isEmpty()) {
        throw new DrillFailure("preflight: the harness's own identity may not put the rollout history back after the"
            + " drill in namespace " + ns + "; missing: "
            + own.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    for (dev.rollbackdrill.scenario.ChaosKind kind : s.chaos().stream().map(c -> c.kind()).distinct().toList()) {
      // Injected and undone by the harness itself, never as the on-call identity.
      List<dev.rollbackdrill.guard.AccessCheck.Permission> chaos = dev.rollbackdrill.guard.AccessCheck.missing(
          client, ns, dev.rollbackdrill.guard.AccessCheck.neededFor(kind), null, List.of());
      if (!chaos.isEmpty()) {
        throw new DrillFailure("preflight: the harness's own identity may not inject chaos " + kind.yamlName()
            + " in namespace " + ns + "; missing: "
            + chaos.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    try {
      return dev.rollbackdrill.guard.DrillLease.acquire(client, ns, name, holder, clock);
    } catch (dev.rollbackdrill.guard.DrillLease.LeaseHeldException e) {
      throw new DrillFailure("preflight: " + e.getMessage());
    }
  }
}
