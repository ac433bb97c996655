package dev.rollbackdrill.guard;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureException;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  /**
   * Puts a release's database back as its record says (the {@code database} package's restore);
   * one attempt, retried like every restore. Returns what it did, or null when it was as found.
   */
  @FunctionalInterface
  public interface DatabasePutBack {
    /** Prepares the restore of {@code record} in {@code namespace}, failing when it cannot be read. */
    Attempt prepare(KnownGood.Database record, KubernetesClient client, String namespace) throws ProcedureException;

    /** One attempt of a prepared restore. */
    @FunctionalInterface
    interface Attempt {
      String putBack() throws ProcedureException;
    }
  }

  private final KubernetesClient client;
  private final Clock clock;
  private final DatabasePutBack databases;

  /** Recovery of targets whose drills changed no database (a record that names one is not restored). */
  public Recovery(KubernetesClient client, Clock clock) {
    this(client, clock, (record, c, ns) -> {
      throw new ProcedureException("this recovery cannot put a database back (" + record.scenarioFile() + ")", null);
    });
  }

  public Recovery(KubernetesClient client, Clock clock, DatabasePutBack databases) {
    this.client = client;
    this.clock = clock;
    this.databases = databases;
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
            : recoverOne(ns, name, lease, kg.get(), timeout, announce));
      }
    }
    return outcomes;
  }

  private void deleteLease(String ns, String leaseName) {
    client.resources(Lease.class).inNamespace(ns).withName(leaseName).delete();
  }

  private Outcome recoverOne(String ns, String name, Lease lease, KnownGood kg, Duration timeout,
      Consumer<String> announce) {
    try {
      KnownGoodRestore restore = new KnownGoodRestore(client, ns, name);
      // The database first, as a drill restores it: the known-good code may not run until it is back.
      DatabasePutBack.Attempt database = kg.database() == null ? null : databases.prepare(kg.database(), client, ns);
      String action = RestoreRetry.run(System::nanoTime, timeout, Thread::sleep, announce, () -> {
        String db = database == null ? null : database.putBack();
        String did = restore.template(kg.templateHash(), kg.template(), kg.image());
        if (db != null) {
          did = db + "; " + did;
        } else if (database != null) {
          did = "the database is as found; " + did;
        }
        if (kg.progressDeadlineSeconds() != null) {
          did = join(did, restore.progressDeadline(kg.progressDeadlineSeconds()));
        }
        if (kg.selector() != null) {
          did = join(did, restore.selector(kg.selector()));
        }
        if (kg.flag() != null) {
          did = join(did, restore.flag(kg.flag()));
        }
        if (kg.drillId() != null) {
          // Chaos first: a squeezing quota would keep the target from coming back.
          String chaos = dev.rollbackdrill.chaos.ChaosLeftovers.remove(client, ns, kg.drillId());
          did = chaos.isEmpty() ? did : chaos + "; " + did;
          did = join(did, restore.canary(kg.drillId()));
        }
        return did;
      });
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
    } catch (ProcedureException | KnownGoodRestore.Gone e) {
      return new Outcome(ns, name, "not restored: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(ns, name, "not restored: interrupted", false);
    } catch (RuntimeException e) {
      return new Outcome(ns, name, "not restored: " + ApiErrors.describe(e), false);
    }
  }

  private static String join(String did, String more) {
    return more.isEmpty() ? did : did + "; " + more;
  }

  /** Whether the target is back; an API server that does not answer now is asked again (false). */
  private boolean healthyOnKnownGood(String ns, String name, KnownGood kg) {
    try {
      return KnownGoodRestore.healthyOn(client.apps().deployments().inNamespace(ns).withName(name).get(),
          client.apps().replicaSets().inNamespace(ns).list().getItems(), kg.templateHash());
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return false;
    }
  }
}
