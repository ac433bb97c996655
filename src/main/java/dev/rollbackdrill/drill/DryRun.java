package dev.rollbackdrill.drill;

import dev.rollbackdrill.guard.Guardrails;
import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.guard.AccessCheck;
import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.procedure.CanaryAbort;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Percentages;
import dev.rollbackdrill.scenario.Scenario;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a drill would do ({@code drill run --dry-run}), read from the cluster with read-only calls
 * (and access reviews, which change nothing): every check, every change, the procedure's command
 * and the known-good it would restore to. It runs the checks the drill's preflight runs, with the
 * same options, and says {@value #WOULD_REFUSE} for each one the drill would fail, with the
 * drill's own reason. Environment values are never shown, only their names: they may be secrets.
 */
public final class DryRun {

  /** How a plan line says that the drill would be refused, and why. */
  public static final String WOULD_REFUSE = "WOULD REFUSE: ";

  private DryRun() {}

  /** The plan with the default options: only namespaces marked for drills, as the harness's own identity. */
  private static String historyLimitLine(Deployment d, List<ReplicaSet> rss) {
    if (d == null) {
      return "";
    }
    Integer raised = dev.rollbackdrill.guard.RolloutHistory.of(d, rss).limitForDrill();
    return raised == null ? "" : "; revisionHistoryLimit " + d.getSpec().getRevisionHistoryLimit() + " raised to " + raised
        + " for the drill and put back";
  }

  public static List<String> describe(Scenario s, KubernetesClient client, Clock clock) {
    return describe(s, client, clock, DrillRunner.Options.DEFAULTS);
  }

  /** Whether a plan says the drill would be refused (the dry run then exits as a refused drill would). */
  public static boolean wouldRefuse(List<String> plan) {
    return plan.stream().anyMatch(l -> l.contains(WOULD_REFUSE));
  }

  /** The plan for a drill run with {@code options} ({@code --allow-namespace}, {@code --as}, ...). */
  public static List<String> describe(Scenario s, KubernetesClient client, Clock clock, DrillRunner.Options options) {
    String ns = s.target().namespace();
    String name = s.target().deployment();
    List<String> lines = new ArrayList<>();
    lines.add("plan for " + s.name() + " (" + s.source() + "):");
    boolean namespaceExists = client.namespaces().withName(ns).get() != null;
    if (s.target().fixtureKind() != null) {
      List<String> foreign = DemoFixture.notOurs(client, ns, s.target().fixtureKind());
      lines.add("  fixture: " + (foreign.isEmpty()
          ? "delete and recreate the " + s.target().fixture() + " demo in " + ns + " (only objects labelled "
              + DemoFixture.LABEL + ")"
              + (namespaceExists ? "" : "; create namespace " + ns + " marked for drills")
          : WOULD_REFUSE + DemoFixture.refusal(ns, s.target().fixtureKind(), foreign)));
    }
    lines.add("  guardrail: " + guardrail(s, client, options, namespaceExists));
    lines.add(access(s, client, options));
    Lease lease = client.resources(Lease.class).inNamespace(ns).withName(DrillLease.leaseName(name)).get();
    java.util.Optional<dev.rollbackdrill.guard.KnownGood> left = lease == null ? java.util.Optional.empty()
        : dev.rollbackdrill.guard.KnownGood.read(lease);
    lines.add("  lease: " + DrillLease.leaseName(name) + " in " + ns + (lease != null && !DrillLease.abandoned(lease, clock)
        ? " " + WOULD_REFUSE + "held by " + lease.getSpec().getHolderIdentity()
        : left.isPresent() ? " " + WOULD_REFUSE + "a drill that did not finish left this target changed ("
            + left.get().describe() + "); run `drill recover --namespace " + ns + "` first"
        : " (free)"));
    long knownGoodRevision = 0;
    if (s.target().fixture() != null) {
      knownGoodRevision = 1;
      lines.add("  known-good (restore target): revision 1 of the freshly created demo service (rollback-drill/demo:v1)");
    } else {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      List<ReplicaSet> rss = d == null ? List.of() : client.apps().replicaSets().inNamespace(ns).list().getItems();
      Target t = target(s, d, rss);
      knownGoodRevision = t.knownGoodRevision();
      lines.addAll(t.lines());
    }
    lines.add("  record: write the known-good and the rollout history as found onto lease " + DrillLease.leaseName(name)
        + " before changing anything (nothing is written onto the target)");
    if (s.change().type().newRevision()) {
      lines.add("  afterwards: delete the drill's candidate ReplicaSet and put every annotation of the history back"
          + " (revision numbers included), so `kubectl rollout undo` goes where it went before"
          + (s.target().fixture() != null ? "" : historyLimitLine(client.apps().deployments().inNamespace(ns)
              .withName(name).get(), client.apps().replicaSets().inNamespace(ns).list().getItems())));
    }
    StringBuilder change = new StringBuilder(switch (s.change().type()) {
      case SWITCH -> "  change: point service/" + s.target().service() + "'s selector " + s.change().switchTo().label()
          + " at " + s.change().switchTo().to();
      case FLAG -> "  change: set " + s.change().flag().key() + " to '" + s.change().flag().value() + "' in configmap/"
          + s.change().flag().configMap() + " (no restart: the pods read it live)";
      case NOOP, BROKEN -> "  change: patch deployment/" + name + " pod template: ";
      case CANARY -> "  change: create deployment/" + CanaryAbort.canaryName(name) + " beside deployment/" + name
          + " behind service/" + s.target().service() + ", replicas for " + Percentages.format(s.change().weight(), 1)
          + " of the traffic, pods labelled " + CanaryAbort.TRACK + "=canary"
          + (s.change().fault() == null ? "" : ", fault " + s.change().fault().yamlName());
    });
    if (!s.change().type().newRevision()) {
      // the line above says it all
    } else if (s.change().type() == ChangeType.NOOP) {
      change.append("bump annotation rollback-drill/noop (same image, new revision)");
    } else {
      change.append("broken release, fault ").append(s.change().fault().yamlName());
      if (s.change().image() != null) {
        change.append(", image ").append(s.change().image());
      }
    }
    if (!s.change().env().isEmpty()) {
      change.append("; set env ").append(String.join(", ", s.change().env().keySet())).append(" (values not shown)");
    }
    lines.addAll(DatabasePlan.lines(s.database(), s.target().namespace()));
    lines.add(change.toString());
    lines.add("  detect: " + s.detect().type().yamlName()
        + (s.detect().duration() == null ? "" : " for " + Durations.format(s.detect().duration()))
        + (s.detect().canary() == null ? "" : " of " + s.detect().canary().endpoints() + " over "
            + Durations.format(s.detect().over()))
        + " (timeout " + Durations.format(s.timeouts().detect()) + ")");
    ProcedureContext ctx = new ProcedureContext(client, ns, name, knownGoodRevision, null, s.timeouts().rollback());
    var procedure = Procedures.of(s.rollback());
    lines.add("  rollback: " + procedure.describe(ctx)
        + procedure.unavailableReason().map(r -> "; " + WOULD_REFUSE + r).orElse(""));
    if (s.load() != null) {
      lines.add("  load: " + s.load().rate() + " GET " + s.load().describe() + " through the API server, for the whole drill");
    }
    lines.add("  healthy: " + switch (s.change().type()) {
          case SWITCH -> "every ready endpoint of service/" + s.target().service() + " is a pod of deployment/" + name;
          case FLAG -> "the risky path answers well on every pod";
          case CANARY -> "every ready endpoint of service/" + s.target().service() + " is a pod of deployment/" + name;
          case NOOP, BROKEN -> s.rollback().procedure() == dev.rollbackdrill.scenario.Procedure.ROLL_FORWARD
              ? "rollout complete on the fixed template, no live pod of the candidate"
              : "rollout complete on the known-good template, no live pod of the candidate";
        }
        + (s.healthy().http() == null ? "" : "; then GET :" + s.healthy().http().port() + s.healthy().http().path()
            + " answers " + s.healthy().http().expectStatus() + " " + s.healthy().http().consecutive() + " times in a row"));
    for (dev.rollbackdrill.scenario.Chaos c : s.chaos()) {
      lines.add("  chaos: " + c.describe() + "; undone by the drill whatever happens");
    }
    lines.add("  slo: trigger-to-healthy within " + Durations.format(s.slo()));
    lines.add("  on failure, timeout or Ctrl-C: " + switch (s.change().type()) {
          case SWITCH -> "point service/" + s.target().service() + " back at its known-good colour";
          case FLAG -> "set " + s.change().flag().key() + " back to its known-good value";
          case CANARY -> "delete deployment/" + CanaryAbort.canaryName(name) + " and its pods";
          case NOOP, BROKEN -> knownGoodRevision > 0 ? "undo to revision " + knownGoodRevision
              : "undo to the known-good revision";
        } + " and wait until healthy");
    // A runbook command may spell out an environment value (a password it echoes or passes on).
    List<String> secrets = new ArrayList<>(s.change().env().values());
    secrets.addAll(s.rollback().env().values());
    secrets.addAll(dev.rollbackdrill.guard.Redactor.secretEnvironmentValues(System.getenv()));
    dev.rollbackdrill.guard.Redactor redactor = dev.rollbackdrill.guard.Redactor.of(secrets);
    return lines.stream().map(redactor::redact).toList();
  }

  /** The namespace check of the drill's guard: marked for drills, allowed by option, or made by the fixture. */
  private static String guardrail(Scenario s, KubernetesClient client, DrillRunner.Options options,
      boolean namespaceExists) {
    String ns = s.target().namespace();
    if (options.allowedNamespaces().contains(ns)) {
      return "namespace " + ns + " is allowed by --allow-namespace";
    }
    if (!namespaceExists && s.target().fixture() != null) {
      return "namespace " + ns + " would be created by the fixture, marked for drills";
    }
    String refusal = Guardrails.refuseNamespace(client, ns);
    return refusal == null ? "namespace " + ns + " is marked for drills" : WOULD_REFUSE + refusal;
  }

  /**
   * The access checks of the drill's guard: the identity that will roll back may make the
   * procedure's calls (and, with {@code --as}, the harness may impersonate it). Not a refusal when
   * the reviews themselves fail: the drill would end in a harness error, not refused.
   */
  private static String access(Scenario s, KubernetesClient client, DrillRunner.Options options) {
    String ns = s.target().namespace();
    String who = options.asUser() == null ? "the current identity" : "identity " + options.asUser();
    if (options.asUser() == null && !options.asGroups().isEmpty()) {
      return "  access: " + WOULD_REFUSE + "--as-group " + String.join(", ", options.asGroups()) + " needs --as";
    }
    try {
      if (options.asUser() != null) {
        List<String> cannot = AccessCheck.mayNotImpersonate(client, options.asUser(), options.asGroups());
        if (!cannot.isEmpty()) {
          return "  access: " + WOULD_REFUSE + "the harness's own identity may not impersonate "
              + options.asUser() + "; missing: " + String.join(", ", cannot);
        }
      }
      List<AccessCheck.Permission> needed = AccessCheck.neededFor(s.rollback().procedure(), s.change().type());
      List<AccessCheck.Permission> missing = AccessCheck.missing(client, ns, needed, options.asUser(),
          options.asGroups());
      return "  access: " + (missing.isEmpty()
          ? who + " may roll back in namespace " + ns + " ("
              + needed.stream().map(Object::toString).collect(Collectors.joining(", ")) + ")"
          : WOULD_REFUSE + who + " may not roll back in namespace " + ns + "; missing: "
              + missing.stream().map(Object::toString).collect(Collectors.joining(", ")));
    } catch (KubernetesClientException e) {
      return "  access: could not be checked (" + ApiErrors.describe(e) + ")";
    }
  }

  /** What the plan says about a target without a fixture, and the revision a restore would undo to (0: none). */
  record Target(List<String> lines, long knownGoodRevision) {}

  /**
   * The target checks of the drill's preflight ({@link TargetPreflight}) on {@code d} as read
   * ({@code rss}: the namespace's ReplicaSets): a refusal with the drill's reason, and the
   * known-good only when the rollout is complete, since a revision still rolling out (or stuck)
   * is not one a drill may restore to.
   */
  static Target target(Scenario s, Deployment d, List<ReplicaSet> rss) {
    List<String> lines = new ArrayList<>();
    Optional<String> refusal = TargetPreflight.refusal(s, d, rss);
    refusal.ifPresent(r -> lines.add("  preflight: " + WOULD_REFUSE + r));
    Optional<ReplicaSet> kg = d == null ? Optional.empty() : Rollouts.current(d, rss);
    if (kg.isEmpty() || !Rollouts.complete(d)) {
      lines.add("  known-good: none" + (d == null ? ": the deployment does not exist"
          : kg.isEmpty() ? ": no current revision" : ": revision " + Rollouts.revision(kg.get()) + " has not rolled out"
              + " completely"));
      return new Target(lines, 0);
    }
    long revision = Rollouts.revision(kg.get());
    lines.add("  known-good (restore target): revision " + revision + ", image "
        + Rollouts.image(kg.get().getSpec().getTemplate(), s.target().container())
        + (Rollouts.changeCause(kg.get()) == null ? "" : ", change-cause \"" + Rollouts.changeCause(kg.get()) + "\""));
    return new Target(lines, revision);
  }
}
