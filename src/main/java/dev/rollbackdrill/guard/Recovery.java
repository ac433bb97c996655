package dev.rollbackdrill.guard;

import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.RevisionUndo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds what a killed harness left behind (Deployments still carrying a {@link KnownGood}
 * annotation) and restores each to its known-good template, unless a live runner still holds the
 * target's lease (that drill will restore it itself).
 */
public final class Recovery {

  /** What happened to one target. */
  public record Outcome(String namespace, String deployment, String action, boolean ok) {}

  private final KubernetesClient client;
  private final Clock clock;

  public Recovery(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Recovers every annotated Deployment in {@code namespaces}, or in all namespaces when empty. */
  public List<Outcome> recover(List<String> namespaces, Duration timeout) {
    List<Deployment> found = new ArrayList<>();
    if (namespaces.isEmpty()) {
      found.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    } else {
      for (String ns : namespaces) {
        found.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Deployment d : found) {
      Optional<KnownGood> kg = KnownGood.read(d);
      if (kg.isPresent()) {
        outcomes.add(recoverOne(d, kg.get(), timeout));
      }
    }
    return outcomes;
  }

  private Outcome recoverOne(Deployment d, KnownGood kg, Duration timeout) {
    String ns = d.getMetadata().getNamespace();
    String name = d.getMetadata().getName();
    Lease lease = client.resources(Lease.class).inNamespace(ns).withName(DrillLease.leaseName(name)).get();
    if (lease != null && !DrillLease.expired(lease, clock)) {
      return new Outcome(ns, name, "skipped: a drill is still running (" + lease.getSpec().getHolderIdentity()
          + "); it restores the target itself, or its lease expires within " + DrillLease.DURATION.toSeconds() + " s", false);
    }
    try {
      List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
      boolean onKnownGood = Rollouts.current(d, rss).map(rs -> kg.templateHash().equals(Rollouts.hash(rs))).orElse(false);
      String action;
      if (onKnownGood) {
        action = "already on its known-good template (revision " + Rollouts.revision(d) + ")";
      } else {
        Optional<ReplicaSet> target = Rollouts.owned(d, rss).stream()
            .filter(rs -> kg.templateHash().equals(Rollouts.hash(rs))).findFirst();
        if (target.isPresent()) {
          RevisionUndo.undo(client, ns, name, Rollouts.revision(target.get()));
          action = "rolled back to known-good revision " + Rollouts.revision(target.get()) + " (" + kg.image() + ")";
        } else {
          client.apps().deployments().inNamespace(ns).withName(name).edit(x -> {
            x.getSpec().setTemplate(kg.template());
            return x;
          });
          action = "known-good revision no longer retained; re-applied the recorded template (" + kg.image() + ")";
        }
      }
      if (kg.progressDeadlineSeconds() != null) {
        client.apps().deployments().inNamespace(ns).withName(name).edit(x -> {
          x.getSpec().setProgressDeadlineSeconds(kg.progressDeadlineSeconds());
          return x;
        });
      }
      client.apps().deployments().inNamespace(ns).withName(name).waitUntilCondition(
          x -> x != null && Rollouts.complete(x)
              && Rollouts.current(x, client.apps().replicaSets().inNamespace(ns).list().getItems())
                  .map(rs -> kg.templateHash().equals(Rollouts.hash(rs))).orElse(false),
          timeout.toMillis(), TimeUnit.MILLISECONDS);
      KnownGood.clear(client, ns, name);
      if (lease != null) {
        client.resources(Lease.class).inNamespace(ns).withName(DrillLease.leaseName(name)).delete();
      }
      return new Outcome(ns, name, action + "; healthy", true);
    } catch (ProcedureException e) {
      return new Outcome(ns, name, "not restored: " + e.getMessage(), false);
    } catch (RuntimeException e) {
      return new Outcome(ns, name, "not restored: " + e.getMessage(), false);
    }
  }
}
