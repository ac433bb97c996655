package dev.rollbackdrill.drill;

import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Scenario;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a drill would do ({@code drill run --dry-run}), read from the cluster with read-only calls:
 * every check, every change, the procedure's command and the known-good it would restore to.
 * Environment values are never shown, only their names: they may be secrets.
 */
public final class DrillPlan {

  private DrillPlan() {}

  public static List<String> describe(Scenario s, KubernetesClient client, Clock clock) {
    String ns = s.target().namespace();
    String name = s.target().deployment();
    List<String> lines = new ArrayList<>();
    lines.add("plan for " + s.name() + " (" + s.source() + "):");
    if (s.target().fixtureKind() != null) {
      List<String> foreign = DemoFixture.notOurs(client, ns, s.target().fixtureKind());
      lines.add("  fixture: " + (foreign.isEmpty()
          ? "delete and recreate the " + s.target().fixture() + " demo in " + ns + " (only objects labelled "
              + DemoFixture.LABEL + ")"
              + (client.namespaces().withName(ns).get() == null ? "; create namespace " + ns + " marked for drills" : "")
          : "WOULD REFUSE: " + DemoFixture.refusal(ns, s.target().fixtureKind(), foreign)));
    }
    String refusal = Guardrails.refuseNamespace(client, ns);
    lines.add("  guardrail: " + (refusal == null ? "namespace " + ns + " is marked for drills" : "WOULD REFUSE: " + refusal));
    Lease lease = client.resources(Lease.class).inNamespace(ns).withName(DrillLease.leaseName(name)).get();
    lines.add("  lease: " + DrillLease.leaseName(name) + " in " + ns + (lease == null || DrillLease.abandoned(lease, clock)
        ? " (free)" : " WOULD REFUSE: held by " + lease.getSpec().getHolderIdentity()));
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    long knownGoodRevision = 0;
    if (s.target().fixture() != null) {
      knownGoodRevision = 1;
      lines.add("  known-good (restore target): revision 1 of the freshly created demo service (rollback-drill/demo:v1)");
    } else if (d == null) {
      lines.add("  known-good: deployment " + ns + "/" + name + (s.target().fixture() != null
          ? " does not exist yet; the fixture creates it at revision 1" : " NOT FOUND: the drill would fail in preflight"));
      knownGoodRevision = s.target().fixture() != null ? 1 : 0;
    } else {
      List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
      Optional<ReplicaSet> kg = Rollouts.current(d, rss);
      if (kg.isPresent()) {
        knownGoodRevision = Rollouts.revision(kg.get());
        lines.add("  known-good (restore target): revision " + knownGoodRevision + ", image "
            + Rollouts.image(kg.get().getSpec().getTemplate(), s.target().container())
            + (Rollouts.changeCause(kg.get()) == null ? "" : ", change-cause \"" + Rollouts.changeCause(kg.get()) + "\"")
            + (Rollouts.complete(d) ? "" : " (rollout NOT complete: preflight would wait)"));
      } else {
        lines.add("  known-good: no current revision found; preflight would wait for the rollout");
      }
    }
    lines.add("  record: annotate deployment/" + name + " with rollback-drill/known-good before changing it");
    StringBuilder change = new StringBuilder(switch (s.change().type()) {
      case SWITCH -> "  change: point service/" + s.target().service() + "'s selector " + s.change().switchTo().label()
          + " at " + s.change().switchTo().to();
      case FLAG -> "  change: set " + s.change().flag().key() + " to '" + s.change().flag().value() + "' in configmap/"
          + s.change().flag().configMap() + " (no restart: the pods read it live)";
      case NOOP, BROKEN -> "  change: patch deployment/" + name + " pod template: ";
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
    lines.add(change.toString());
    lines.add("  detect: " + s.detect().type().yamlName()
        + (s.detect().duration() == null ? "" : " for " + Durations.format(s.detect().duration()))
        + " (timeout " + Durations.format(s.timeouts().detect()) + ")");
    ProcedureContext ctx = new ProcedureContext(client, ns, name, knownGoodRevision, null, s.timeouts().rollback());
    var procedure = Procedures.of(s.rollback());
    lines.add("  rollback: " + procedure.describe(ctx)
        + procedure.unavailableReason().map(r -> "; WOULD REFUSE: " + r).orElse(""));
    if (d != null && s.target().fixture() == null && s.rollback().to() == dev.rollbackdrill.scenario.UndoTarget.REVISION) {
      String gone = RevisionRetention.problem(d, client.apps().replicaSets().inNamespace(ns).list().getItems(),
          s.rollback().revision());
      if (gone != null) {
        lines.add("  WOULD REFUSE: " + gone);
      }
    }
    if (s.load() != null) {
      lines.add("  load: " + s.load().rate() + " GET " + s.load().describe() + " through the API server, for the whole drill");
    }
    lines.add("  healthy: " + switch (s.change().type()) {
          case SWITCH -> "every ready endpoint of service/" + s.target().service() + " is a pod of deployment/" + name;
          case FLAG -> "the risky path answers well on every pod";
          case NOOP, BROKEN -> s.rollback().procedure() == dev.rollbackdrill.scenario.Procedure.ROLL_FORWARD
              ? "rollout complete on the fixed template, no live pod of the candidate"
              : "rollout complete on the known-good template, no live pod of the candidate";
        }
        + (s.healthy().http() == null ? "" : "; then GET :" + s.healthy().http().port() + s.healthy().http().path()
            + " answers " + s.healthy().http().expectStatus() + " " + s.healthy().http().consecutive() + " times in a row"));
    lines.add("  slo: trigger-to-healthy within " + Durations.format(s.slo()));
    lines.add("  on failure, timeout or Ctrl-C: " + switch (s.change().type()) {
          case SWITCH -> "point service/" + s.target().service() + " back at its known-good colour";
          case FLAG -> "set " + s.change().flag().key() + " back to its known-good value";
          case NOOP, BROKEN -> "undo to revision " + knownGoodRevision;
        } + " and wait until healthy");
    // A runbook command may spell out an environment value (a password it echoes or passes on).
    List<String> secrets = new ArrayList<>(s.change().env().values());
    secrets.addAll(s.rollback().env().values());
    secrets.addAll(dev.rollbackdrill.guard.Redactor.secretEnvironmentValues(System.getenv()));
    dev.rollbackdrill.guard.Redactor redactor = dev.rollbackdrill.guard.Redactor.of(secrets);
    return lines.stream().map(redactor::redact).toList();
  }
}
