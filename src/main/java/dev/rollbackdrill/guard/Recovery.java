package dev.rollbackdrill.guard;

import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.RevisionUndo;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds what a drill that did not finish left behind and puts it back. Only a drill that is
 * provably unfinished counts: its Lease (which names the drill and its runner) still carries its
 * {@link KnownGood} record, and no live runner holds it. A lease whose holder is a process on this
 * host that no longer exists is not waited for: that runner was killed. Each target is restored to
 * its known-good template (and selector or flag), seen healthy, and its rollout history is put back
 * as the drill found it ({@link RolloutHistory}); then the lease goes. A target that no drill left
 * changed is never touched, whatever annotations it carries.
 */
public final class Recovery {

  /** What happened to one target; {@code changed}: whether recovery changed anything there. */
  public record Outcome(String namespace, String deployment, String action, boolean ok) {}

  /** How often a restore that lost a race with the controller is tried. */
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final Clock clock;

  public Recovery(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The same as {@link #recover(List, Duration, Consumer, boolean)}, saying nothing before it acts. */
  public List<Outcome> recover(List<String> namespaces, Duration timeout) {
    return recover(namespaces, timeout, m -> { }, false);
  }

  /**
   * Recovers every target an unfinished drill left in {@code namespaces} (all when empty). Before
   * changing a target, {@code announce} is told what will be restored and from which drill; with
   * {@code dryRun} nothing changes at all and each outcome says what would be done.
   */
  public List<Outcome> recover(List<String> namespaces, Duration timeout, Consumer<String> announce, boolean dryRun) {
    List<Lease> leases = new ArrayList<>();
    if (namespaces.isEmpty()) {
      leases.addAll(client.resources(Lease.class).inAnyNamespace().withLabel(DrillLease.MANAGED_BY, DrillLease.US)
          .list().getItems());
    } else {
      for (String ns : namespaces) {
        leases.addAll(client.resources(Lease.class).inNamespace(ns).withLabel(DrillLease.MANAGED_BY, DrillLease.US)
            .list().getItems());
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Lease lease : leases) {
      String ns = lease.getMetadata().getNamespace();
      String name = DrillLease.deploymentOf(lease.getMetadata().getName());
      Optional<KnownGood> kg = KnownGood.read(lease);
      if (name == null) {
        continue;
      }
      if (!DrillLease.abandoned(lease, clock)) {
        outcomes.add(new Outcome(ns, name, "skipped: a drill is still running (" + lease.getSpec().getHolderIdentity()
            + "); it restores the target itself, or its lease expires within " + DrillLease.DURATION.toSeconds() + " s",
            false));
      } else if (kg.isEmpty()) {
        // A runner that died before it wrote its record had changed nothing: only the lease is left.
        if (!dryRun) {
          deleteLease(ns, lease.getMetadata().getName());
        }
        outcomes.add(new Outcome(ns, name, (dryRun ? "would remove" : "removed") + " the abandoned lease of "
            + lease.getSpec().getHolderIdentity() + "; its drill had changed nothing", true));
      } else {
        announce.accept((dryRun ? "would restore " : "restoring ") + ns + "/" + name + ": " + kg.get().describe());
        outcomes.add(dryRun ? new Outcome(ns, name, "would restore: " + kg.get().describe(), true)
            : recoverOne(ns, name, lease, kg.get(), timeout));
      }
    }
    return outcomes;
  }

  private void deleteLease(String ns, String leaseName) {
    client.resources(Lease.class).inNamespace(ns).withName(leaseName).delete();
  }

  /**
   * Puts back what a blue-green or kill-switch drill changed besides the Deployment: the
   * Service's selector label, or the flag's ConfigMap key. Merge patches of that one key only.
   */
  private String putBackLever(String ns, KnownGood kg) {
    StringBuilder done = new StringBuilder();
    if (kg.selector() != null) {
      var sel = kg.selector();
      io.fabric8.kubernetes.api.model.Service svc = client.services().inNamespace(ns).withName(sel.service()).get();
      if (svc != null && !sel.knownGoodColour().equals(svc.getSpec().getSelector().get(sel.label()))) {
        String patch = io.fabric8.kubernetes.client.utils.Serialization.asJson(
            java.util.Map.of("spec", java.util.Map.of("selector", java.util.Map.of(sel.label(), sel.knownGoodColour()))));
        client.services().inNamespace(ns).withName(sel.service())
            .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
        done.append("; service ").append(sel.service()).append(" switched back to ")
            .append(sel.label()).append('=').append(sel.knownGoodColour());
      }
    }
    if (kg.flag() != null) {
      var flag = kg.flag();
      io.fabric8.kubernetes.api.model.ConfigMap cm = client.configMaps().inNamespace(ns).withName(flag.configMap()).get();
      String now = cm == null || cm.getData() == null ? null : cm.getData().get(flag.key());
      if (cm != null && !java.util.Objects.equals(now, flag.knownGoodValue())) {
        // A merge patch's null removes the key, as it was before the drill.
        String value = flag.knownGoodValue() == null ? "null"
            : io.fabric8.kubernetes.client.utils.Serialization.asJson(flag.knownGoodValue());
        String patch = "{\"data\":{" + io.fabric8.kubernetes.client.utils.Serialization.asJson(flag.key()) + ":" + value + "}}";
        client.configMaps().inNamespace(ns).withName(flag.configMap())
            .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
        done.append("; flag ").append(flag.configMap()).append('/').append(flag.key()).append(" set back to ")
            .append(flag.knownGoodValue() == null ? "absent" : "'" + flag.knownGoodValue() + "'");
      }
    }
    return done.toString();
  }

  private Outcome recoverOne(String ns, String name, Lease lease, KnownGood kg, Duration timeout) {
    try {
      String action = null;
      for (int attempt = 1; action == null; attempt++) {
        try {
          action = putBack(ns, name, kg) + putBackLever(ns, kg);
        } catch (ProcedureException | KubernetesClientException e) {
          // The controller keeps writing a rolling-out Deployment, so a write guarded by its
          // resourceVersion can lose that race: read again and retry, a few times.
          if (attempt >= ATTEMPTS || e instanceof KubernetesClientException k && k.getCode() != 409 && k.getCode() != 422
              || e instanceof ProcedureException && !e.getMessage().contains("was not accepted")) {
            throw e;
          }
          Thread.sleep(200L * attempt);
        }
      }
      // Polled, not waitUntilCondition: its condition runs on the HTTP client's event loop, where
      // the ReplicaSet list this check needs would block forever.
      java.time.Instant deadline = clock.instant().plus(timeout);
      while (!healthyOnKnownGood(ns, name, kg)) {
        if (clock.instant().isAfter(deadline)) {
          return new Outcome(ns, name, action + "; NOT healthy within " + timeout.toSeconds() + " s", false);
        }
        Thread.sleep(250);
      }
      if (kg.history() != null) {
        List<String> done = new ArrayList<>();
        String left = kg.history().putBackAndSettle(client, ns, name, kg.drillId(), Duration.ofSeconds(30),
            System::nanoTime, done);
        if (left != null) {
          return new Outcome(ns, name, action + "; healthy, but " + left, false);
        }
        action = action + "; rollout history as found (" + kg.history().describe() + ")"
            + (done.isEmpty() ? "" : ": " + String.join(", ", done));
      }
      deleteLease(ns, lease.getMetadata().getName());
      return new Outcome(ns, name, action + "; healthy", true);
    } catch (ProcedureException e) {
      return new Outcome(ns, name, "not restored: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(ns, name, "not restored: interrupted", false);
    } catch (RuntimeException e) {
      return new Outcome(ns, name, "not restored: " + (e.getMessage() == null ? e.toString() : e.getMessage()), false);
    }
  }

  private boolean healthyOnKnownGood(String ns, String name, KnownGood kg) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    return d != null && Rollouts.complete(d)
        && Rollouts.current(d, client.apps().replicaSets().inNamespace(ns).list().getItems())
            .map(rs -> kg.templateHash().equals(Rollouts.hash(rs))).orElse(false);
  }

  /** Puts the known-good template (and progress deadline) back on the Deployment as it is now. */
  private String putBack(String ns, String name, KnownGood kg) throws ProcedureException {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null) {
      throw new ProcedureException("deployment " + ns + "/" + name + " no longer exists", "");
    }
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
    if (kg.progressDeadlineSeconds() != null && !kg.progressDeadlineSeconds().equals(d.getSpec().getProgressDeadlineSeconds())) {
      // One field back to its recorded value: a merge patch, which no concurrent status write can fail.
      client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"progressDeadlineSeconds\":" + kg.progressDeadlineSeconds() + "}}");
    }
    return action;
  }
}
