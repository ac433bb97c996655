package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.Lever;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.guard.Redactor;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What one drill holds and has found so far: the scenario and its lever, the lease, the target as
 * preflight found it, the watch, and the measurements. {@link DrillRunner} fills it phase by
 * phase; {@link DrillTeardown} reads it to put the target back and {@link DrillRecords} to write
 * the record. Messages go out through {@link #note}, redacted.
 */
final class DrillRun {
  final Scenario s;
  final int iteration;
  final String executedBy;
  /** Short and random: marks what this drill created, names it in the lease and the record. */
  final String id;
  /** The scenario's name, with the iteration when there are several. */
  final String label;
  final String ns;
  final String name;
  final PhaseTimer timer;
  final Instant startedAt;
  /** The release's database, when the scenario has a database section; else null. */
  final DrillDatabase database;
  /** The kind of change this drill makes, and puts back. */
  final Lever lever;
  final Redactor redactor;
  /** The runner's listener, with every message redacted. */
  final DrillListener say;

  /** The drill's lease on its target; null before the guard took it and once released. */
  DrillLease lease;
  /** The target as preflight found it; null before. */
  KnownGoodTarget knownGood;
  /** The record `drill recover` restores from, on the lease before anything changes. */
  KnownGood record;
  TargetWatch watch;
  /** The scenario's synthetic load while it runs; null without one. */
  LoadSession load;
  String serverVersion;

  RevisionRef candidateRef;
  RevisionRef restoredRef;
  Long triggerToHealthy;
  String procedureOutput = "";
  DrillRecord.Impact impact;
  LoadGenerator.Totals loadTotals;
  /** Every request of the load, once it stopped; null without a load. */
  java.util.List<LoadGenerator.Sample> loadSamples;
  /** What decided the detect phase (its detail), once it ended. */
  String detected;
  /** The scenario's chaos injections, started at phase boundaries; one that does nothing without chaos. */
  dev.rollbackdrill.chaos.ChaosSchedule chaos;
  /** What each injection did, once the teardown ended them; null without chaos. */
  java.util.List<DrillRecord.ChaosRun> chaosRuns;

  /** {@code lever}: the drill's lever, given where its progress lines go. */
  DrillRun(Scenario s, int iteration, String executedBy, String id, PhaseTimer timer, Instant startedAt,
      DrillDatabase database, Function<Consumer<String>, Lever> lever, Redactor redactor, DrillListener listener) {
    this.s = s;
    this.iteration = iteration;
    this.executedBy = executedBy;
    this.id = id;
    this.label = s.name() + (s.iterations() > 1 ? " #" + iteration : "");
    this.ns = s.target().namespace();
    this.name = s.target().deployment();
    this.timer = timer;
    this.startedAt = startedAt;
    this.redactor = redactor;
    this.database = database;
    this.say = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        listener.phaseEnded(drill, phase, nanos, redactor.redact(detail));
      }

      @Override
      public void note(String drill, String message) {
        listener.note(drill, redactor.redact(message));
      }
    };
    this.lever = lever.apply(this::note);
  }

  /** A progress line about this drill. */
  void note(String message) {
    say.note(label, message);
  }

  /** Reports that {@code phase} ended, with what it saw. */
  void ended(Phase phase, String detail) {
    Long d = timer.duration(phase);
    say.phaseEnded(label, phase.recordName(), d == null ? 0 : d, detail);
  }

  /** Ends {@code prev} and starts {@code phase} at the same instant, then reports {@code prev}. */
  void next(Phase phase, long at, Phase prev, String detail) {
    timer.beginAt(phase, at);
    if (chaos != null) {
      chaos.phaseBegan(phase, at);
    }
    ended(prev, detail);
  }

  /** What the scenario's injections act on: this drill's target, as its watch sees it now. */
  dev.rollbackdrill.chaos.ChaosTarget chaosTarget(io.fabric8.kubernetes.client.KubernetesClient client,
      java.util.Optional<dev.rollbackdrill.cluster.ClusterFaults> faults) {
    DrillRun run = this;
    return new dev.rollbackdrill.chaos.ChaosTarget() {
      @Override
      public io.fabric8.kubernetes.client.KubernetesClient client() {
        return client;
      }

      @Override
      public String namespace() {
        return ns;
      }

      @Override
      public String drillId() {
        return id;
      }

      @Override
      public String container() {
        return s.target().container();
      }

      @Override
      public java.util.List<io.fabric8.kubernetes.api.model.Pod> livePods(boolean candidate) {
        String hash = candidate ? run.lever.candidateHash() : run.knownGood == null ? null : run.knownGood.hash();
        return run.watch == null || hash == null ? java.util.List.of() : run.watch.snapshot().livePodsOf(hash);
      }

      @Override
      public io.fabric8.kubernetes.api.model.apps.Deployment deployment() {
        return run.watch.snapshot().deployment();
      }

      @Override
      public java.util.Optional<dev.rollbackdrill.cluster.ClusterFaults> faults() {
        return faults;
      }
    };
  }

  /** How the record names {@code rs}. */
  RevisionRef ref(ReplicaSet rs) {
    return new RevisionRef(Rollouts.revision(rs), Rollouts.image(rs.getSpec().getTemplate(), s.target().container()),
        Rollouts.changeCause(rs));
  }

  /** The revision the target runs now, for the record. */
  RevisionRef currentRef() {
    TargetWatch.Snapshot snap = watch.snapshot();
    return Rollouts.current(snap.deployment(), snap.replicaSets()).map(this::ref).orElse(null);
  }
}
