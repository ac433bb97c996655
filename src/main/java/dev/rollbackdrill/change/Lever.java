package dev.rollbackdrill.change;

import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.procedure.ProcedureContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * A kind of change, the strategy behind every drill: a new Deployment revision ({@link
 * RevisionLever}, with roll-forward as its variant), a blue-green Service selector ({@link
 * BlueGreenLever}) or a feature flag in a ConfigMap ({@link FlagLever}), and a release's database
 * migration around a revision ({@link MigrationLever}), and a canary beside the target ({@link
 * CanaryLever}). {@code drill.DrillRunner} asks
 * its lever for the same steps whatever it is: check and record the known-good state, make the
 * change, see the rollback accepted, see the target healthy, verify, and restore whatever
 * happened. Every wait ends at the arrival of the watch event (or probe answer) that crossed it.
 * A new kind of change is a new lever, made in {@link #of}; the runner does not change.
 */
public interface Lever {

  /** The lever for the scenario's change; a release with a migration ({@code database}) is a {@link MigrationLever} around it. */
  static Lever of(io.fabric8.kubernetes.client.KubernetesClient client, dev.rollbackdrill.scenario.Scenario s,
      String drillId, dev.rollbackdrill.timing.Ticker ticker, java.util.function.Consumer<String> say,
      dev.rollbackdrill.database.DrillDatabase database) {
    String ns = s.target().namespace();
    String name = s.target().deployment();
    Lever lever = switch (s.change().type()) {
      case SWITCH -> new BlueGreenLever(client, ns, name, s.target().container(), s.target().service(),
          s.change().switchTo());
      case FLAG -> new FlagLever(client, ns, name, s.change().flag(), s.healthy().http(), ticker);
      case NOOP, BROKEN -> new RevisionLever(client, s, drillId, ticker, say);
      case CANARY -> new CanaryLever(client, ns, name, s.target().container(), s.target().service(), s.change(), drillId);
    };
    return database == null ? lever : new MigrationLever(lever, database, s.source(), ticker, say);
  }

  /**
   * Checks the target, records its known-good state and starts watching what it will change;
   * returns a line for the preflight's detail, or null.
   */
  String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws DrillFailure;

  /**
   * Whatever the change needs of the target before it is made, the history as found being on
   * record already (a revision raises revisionHistoryLimit); says what it did, or null. Called
   * under the drill's lock, so a shutdown hook never undoes it half-way.
   */
  default String prepare(dev.rollbackdrill.guard.RolloutHistory history) {
    return null;
  }

  /** Makes the change: one API call, guarded by the object's resourceVersion or generation. */
  void apply(TargetWatch watch) throws DrillFailure;

  /** Waits until the change is in effect (the end of the deploy phase); returns what it saw. */
  String awaitApplied(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws DrillFailure;

  /** The arrival of the event that showed the change applied, or Long.MIN_VALUE: the end of deploy is then now. */
  default long appliedAt() {
    return Long.MIN_VALUE;
  }

  /** The candidate's pod-template hash, when the change is a new revision; else null. */
  default String candidateHash() {
    return null;
  }

  /** What a canary put beside the target, for the record; null for other levers. */
  default CanaryShare canaryShare() {
    return null;
  }

  /** How to tell the canary's pods from the baseline's, when the change runs beside the target; else null. */
  default Tracks tracks() {
    return null;
  }

  /** The release the change put live, when it is a Deployment (a revision, or the other colour); else null. */
  RevisionRef candidate();

  /** What a procedure needs to know about a blue-green target; null for other levers. */
  ProcedureContext.ServiceSelector selector();

  /** What a procedure needs to know about a flag; null for other levers. */
  ProcedureContext.FlagSetting flag();

  /** The release's database as preflight found it, for {@code drill recover}; null when the change has none. */
  default dev.rollbackdrill.guard.KnownGood.Database database() {
    return null;
  }

  /**
   * Waits for the event that shows the rollback was accepted; returns its arrival time.
   *
   * @throws dev.rollbackdrill.health.HealthGate.GateException on timeout (so for the gates below)
   */
  long awaitAccepted(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe);

  /** One line on what the accepted rollback looks like. */
  String acceptedDetail(TargetWatch watch);

  /** Whether the target still shows the change as the drill made it: the procedure did nothing. */
  boolean unchanged(TargetWatch.Snapshot snap);

  /** Waits until the target is healthy on its known-good state; returns when that began. */
  long awaitHealthy(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe);

  /**
   * What to report when the target did not become healthy ({@code e}, from the lever's gate or the
   * HTTP checks): {@code e} itself, unless the lever knows a better reason (a release's migration
   * the known-good version cannot run on).
   */
  default RuntimeException whyNotHealthy(dev.rollbackdrill.health.HealthGate.GateException e) {
    return e;
  }

  /** One line on what healthy looked like, given when the rollback was accepted. */
  String healthyDetail(TargetWatch watch, long acceptedAt);

  /**
   * Whether the procedure leaves something other than the known-good live once healthy (a
   * roll-forward's fix): the drill then restores the known-good after its measured phases.
   */
  default boolean leavesChangeLive() {
    return false;
  }

  /** Whether healthy is made of the scenario's healthy.http probes already (a kill switch's is). */
  default boolean probesHttpItself() {
    return false;
  }

  /** Checks the restored state beyond healthy; returns what it checked. */
  String verify(TargetWatch watch) throws DrillFailure;

  /** What a restore puts back, for the progress line ("restoring ..."). */
  String restoreDescription();

  /** How a drill stopped by SIGTERM or Ctrl-C says its restore went, when it went well. */
  default String restoredWords() {
    return "the target was restored to its known-good state and seen healthy";
  }

  /**
   * One attempt to put the known-good state back through {@link
   * dev.rollbackdrill.procedure.KnownGoodRestore} (a no-op when it is back already), as the
   * harness's own identity; returns what it did. The drill retries it with {@link
   * dev.rollbackdrill.guard.RestoreRetry}, as {@code drill recover} does.
   *
   * @throws dev.rollbackdrill.procedure.KnownGoodRestore.Gone when what it would restore is gone
   */
  String putBack() throws dev.rollbackdrill.procedure.ProcedureException,
      dev.rollbackdrill.procedure.KnownGoodRestore.Gone;

  /**
   * Waits until the target is healthy on its known-good state again, after {@link #putBack}.
   *
   * @throws dev.rollbackdrill.health.HealthGate.GateException when it is not within {@code timeout}
   */
  void awaitRestored(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe);

  /** The revision a restore left live, for the record; null when the change was no revision. */
  default RevisionRef restoredRef(TargetWatch watch) {
    return null;
  }

  /**
   * What goes back after every drill, whatever its verdict, once the target is restored (a
   * shortened progress deadline); null when done, else what could not be put back.
   */
  default String afterDrill(Duration budget) {
    return null;
  }
}
