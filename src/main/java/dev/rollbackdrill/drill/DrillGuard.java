package dev.rollbackdrill.drill;

import dev.rollbackdrill.guard.Guardrails;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.scenario.Scenario;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.rollbackdrill.guard.AccessCheck;
import dev.rollbackdrill.guard.AccessCheck.Permission;
import dev.rollbackdrill.kube.SideBySide;
import dev.rollbackdrill.scenario.ChaosKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
    List<String> groups = AccessCheck.groupsOf(options.asUser(), options.asGroups());
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
    Reads reads = Reads.of(client, s, options);
    if (reads.namespaceRefusal() != null) {
      throw new DrillFailure("preflight: " + reads.namespaceRefusal());
    }
    if (options.asUser() == null && !options.asGroups().isEmpty()) {
      throw new DrillFailure("preflight: --as-group " + String.join(", ", options.asGroups()) + " needs --as:"
          + " Kubernetes impersonates groups only together with a user");
    }
    if (!reads.mayNotImpersonate().isEmpty()) {
      throw new DrillFailure("preflight: the harness's own identity may not impersonate " + identity(options)
          + ", so the procedure could not run as them; missing: " + String.join(", ", reads.mayNotImpersonate()));
    }
    if (!reads.mayNotRollBack().isEmpty()) {
      throw new DrillFailure("preflight: " + (options.asUser() == null
              ? "the current identity" : "identity " + identity(options)) + " may not roll back in namespace " + ns
          + "; missing: " + words(reads.mayNotRollBack()));
    }
    if (!reads.mayNotPutHistoryBack().isEmpty()) {
      // The drill's own clean-up, as the harness: without it the candidate would stay in the
      // team's history (the next `kubectl rollout undo` would deploy it).
      throw new DrillFailure("preflight: the harness's own identity may not put the rollout history back after the"
          + " drill in namespace " + ns + "; missing: " + words(reads.mayNotPutHistoryBack()));
    }
    for (Map.Entry<ChaosKind, List<Permission>> chaos : reads.mayNotInject().entrySet()) {
      if (!chaos.getValue().isEmpty()) {
        throw new DrillFailure("preflight: the harness's own identity may not inject chaos " + chaos.getKey().yamlName()
            + " in namespace " + ns + "; missing: " + words(chaos.getValue()));
      }
    }
    try {
      return dev.rollbackdrill.guard.DrillLease.acquire(client, ns, name, holder, clock);
    } catch (dev.rollbackdrill.guard.DrillLease.LeaseHeldException e) {
      throw new DrillFailure("preflight: " + e.getMessage());
    }
  }

  private static String words(List<Permission> missing) {
    return missing.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /**
   * What the guards read, each its own round trip, all side by side: the namespace's opt-in and
   * every access review. Judged afterwards in the order the refusals are given, and a read that
   * failed throws only when its turn comes: a drill refused for two reasons names the one it always
   * did (a harness that may not impersonate is told so, not that it may not ask the reviews an
   * impersonated identity needs). Reads only: nothing is changed.
   */
  private static final class Reads {
    private static final int NAMESPACE = 0;
    private static final int IMPERSONATE = 1;
    private static final int ROLL_BACK = 2;
    private static final int HISTORY = 3;
    private static final int CHAOS = 4;

    private final List<ChaosKind> kinds;
    /** Each read's answer, or the RuntimeException it failed with. */
    private final List<Object> answers;

    private Reads(List<ChaosKind> kinds, List<Object> answers) {
      this.kinds = kinds;
      this.answers = answers;
    }

    static Reads of(KubernetesClient client, Scenario s, DrillRunner.Options options) {
      String ns = s.target().namespace();
      // Groups without a user are refused before any of their reviews is read.
      boolean onCall = options.asUser() != null || options.asGroups().isEmpty();
      List<ChaosKind> kinds = s.chaos().stream().map(c -> c.kind()).distinct().toList();
      List<SideBySide.Call<Object>> calls = new ArrayList<>(List.of(
          kept(() -> options.allowedNamespaces().contains(ns) ? "" : nonNull(Guardrails.refuseNamespace(client, ns))),
          kept(() -> options.asUser() == null ? List.of()
              : AccessCheck.mayNotImpersonate(client, options.asUser(), options.asGroups())),
          kept(() -> !onCall ? List.of() : AccessCheck.missing(client, ns,
              AccessCheck.neededFor(s.rollback().procedure(), s.change().type()), options.asUser(), options.asGroups())),
          kept(() -> !s.change().type().newRevision() ? List.of()
              : AccessCheck.missing(client, ns, AccessCheck.PUT_HISTORY_BACK, null, List.of()))));
      // Injected and undone by the harness itself, never as the on-call identity.
      kinds.forEach(kind -> calls.add(kept(() -> AccessCheck.missing(client, ns, AccessCheck.neededFor(kind), null,
          List.of()))));
      return new Reads(kinds, SideBySide.allUnchecked("guard", calls));
    }

    /** The call, its failure kept as its answer. */
    private static SideBySide.Call<Object> kept(SideBySide.Call<Object> read) {
      return () -> {
        try {
          return read.call();
        } catch (RuntimeException e) {
          return e;
        }
      };
    }

    private static String nonNull(String refusal) {
      return refusal == null ? "" : refusal;
    }

    private Object answer(int i) {
      Object a = answers.get(i);
      if (a instanceof RuntimeException e) {
        throw e;
      }
      return a;
    }

    String namespaceRefusal() {
      String refusal = (String) answer(NAMESPACE);
      return refusal.isEmpty() ? null : refusal;
    }

    @SuppressWarnings("unchecked")
    List<String> mayNotImpersonate() {
      return (List<String>) answer(IMPERSONATE);
    }

    @SuppressWarnings("unchecked")
    List<Permission> mayNotRollBack() {
      return (List<Permission>) answer(ROLL_BACK);
    }

    @SuppressWarnings("unchecked")
    List<Permission> mayNotPutHistoryBack() {
      return (List<Permission>) answer(HISTORY);
    }

    /** Each chaos kind's missing permissions, in the scenario's order (read as iterated). */
    @SuppressWarnings("unchecked")
    Map<ChaosKind, List<Permission>> mayNotInject() {
      Map<ChaosKind, List<Permission>> chaos = new LinkedHashMap<>();
      for (int i = 0; i < kinds.size(); i++) {
        List<Permission> missing = (List<Permission>) answer(CHAOS + i);
        chaos.put(kinds.get(i), missing);
        if (!missing.isEmpty()) {
          break; // the first that is refused is the one named
        }
      }
      return chaos;
    }
  }
}
