package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.Lever;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.change.CandidateChange;
import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.guard.RolloutHistory;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.SideBySide;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The steps before a drill changes anything: the guard (namespace, access, lease; before a
 * fixture is even reset), the demo fixture, then the target itself. Preflight finds the known-good
 * revision, refuses a target it cannot leave as found ({@link TargetPreflight}), checks the
 * candidate can be made, and writes the known-good record onto the drill's lease.
 */
final class Preflight {
  private final KubernetesClient client;
  private final Clock clock;
  private final Ticker ticker;
  private final DrillRun run;

  Preflight(KubernetesClient client, Clock clock, Ticker ticker, DrillRun run) {
    this.client = client;
    this.clock = clock;
    this.ticker = ticker;
    this.run = run;
  }

  /** What must hold before anything is touched ({@link DrillGuard}); the lease is then the drill's. */
  void guard(DrillRunner.Options options) throws DrillFailure {
    // For the record only: asked beside the guards, there whatever they decide.
    CompletableFuture<String> version = SideBySide.start("server-version", () -> serverVersion(client));
    try {
      String cannot = run.chaos == null ? null : run.chaos.unavailable();
      if (cannot != null) {
        throw new DrillFailure("preflight: " + cannot);
      }
      run.lease = DrillGuard.check(client, run.s, options, DrillLease.runnerIdentity(run.executedBy, run.id), clock);
    } finally {
      run.serverVersion = version.join();
    }
  }

  /** Resets the scenario's demo fixture, when it has one. */
  void resetFixture() {
    Scenario s = run.s;
    if (s.target().fixtureKind() != null) {
      run.note("setting up the " + (s.target().fixtureKind() == Fixture.DEMO ? "demo service"
          : s.target().fixture() + " demo") + " in namespace " + run.ns);
      DemoFixture.reset(client, run.ns, s.target().fixtureKind(), run.database);
    }
  }

  /**
   * Finds the known-good and records it on the lease; starts the watch. Returns the preflight's
   * detail, the lever's included.
   */
  String check() throws DrillFailure {
    Scenario s = run.s;
    String ns = run.ns;
    Deployment original = client.apps().deployments().inNamespace(ns).withName(run.name).get();
    if (original == null) {
      throw new DrillFailure("preflight: deployment " + ns + "/" + run.name + " not found");
    }
    Map<String, String> selector = original.getSpec().getSelector() == null ? null
        : original.getSpec().getSelector().getMatchLabels();
    if (s.target().fixtureKind() != null && selector != null && !selector.isEmpty()) {
      // The fixture was created a moment ago: its first rollout is ours to wait for.
      run.watch = new TargetWatch(client, ns, run.name, selector, ticker).start();
      HealthGate.named(
              Phase.PREFLIGHT + ": target healthy",
              snap -> Rollouts.complete(snap.deployment())
                  && Rollouts.current(snap.deployment(), snap.replicaSets()).isPresent())
          .await(run.watch, s.timeouts().preflight(), TargetWatch.Snapshot::describe);
      original = run.watch.snapshot().deployment();
    }
    // A team's own Deployment is taken as it is: mid-rollout, paused or without history, it is
    // refused at once, with the same words as the dry run.
    List<ReplicaSet> rss;
    if (run.watch == null && selector != null && !selector.isEmpty()) {
      // The watch starts beside the list: a refused target's is closed with the drill (teardown).
      TargetWatch watch = new TargetWatch(client, ns, run.name, selector, ticker);
      run.watch = watch;
      List<Object> read = SideBySide.allUnchecked("preflight", List.<SideBySide.Call<Object>>of(
          () -> client.apps().replicaSets().inNamespace(ns).list().getItems(), watch::start));
      rss = replicaSets(read.get(0));
    } else {
      rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
    }
    Optional<String> refusal = TargetPreflight.refusal(s, original, rss);
    if (refusal.isPresent()) {
      throw new DrillFailure("preflight: " + refusal.get());
    }
    if (run.watch == null) {
      run.watch = new TargetWatch(client, ns, run.name, selector, ticker).start();
    }
    ReplicaSet knownGood = Rollouts.current(original, rss).orElseThrow();
    try {
      CandidateChange.apply(original.getSpec().getTemplate(), s.change(), s.target().container(), run.id);
    } catch (IllegalArgumentException e) {
      throw new DrillFailure("preflight: " + e.getMessage());
    }
    run.knownGood = new KnownGoodTarget(original, knownGood, Rollouts.hash(knownGood), RolloutHistory.of(original, rss));
    // Written before anything changes, onto the drill's own lease (never the target, whose
    // annotations the controller copies): `drill recover` restores from it if this process is killed.
    run.record = new KnownGood(run.id, run.lease.holder(), run.startedAt, Rollouts.revision(knownGood),
        run.knownGood.hash(), Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()),
        original.getSpec().getProgressDeadlineSeconds(), original.getSpec().getTemplate(), run.knownGood.history());
    run.record.record(run.lease);
    return "known-good is revision " + Rollouts.revision(knownGood) + " ("
        + Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()) + ")"
        + (Rollouts.changeCause(knownGood) == null ? "" : ", " + Rollouts.changeCause(knownGood));
  }

  /**
   * The lever's own preflight, then what it will change goes into the known-good record too,
   * before the change: `drill recover` puts it back if this process is killed.
   */
  String checkLever(String detail) throws DrillFailure {
    Lever lever = run.lever;
    String leverDetail = lever.preflight(run.watch, run.knownGood.hash(), run.s.timeouts().preflight(),
        TargetWatch.Snapshot::describe);
    run.record = run.record.withLever(lever.selector(), lever.flag()).withDatabase(lever.database());
    run.record.record(run.lease);
    return leverDetail == null ? detail : detail + "; " + leverDetail;
  }

  @SuppressWarnings("unchecked")
  private static List<ReplicaSet> replicaSets(Object listed) {
    return (List<ReplicaSet>) listed;
  }

  /** The API server's version, asked once and early (a shutdown hook need not ask a server going away). */
  private static String serverVersion(KubernetesClient client) {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
