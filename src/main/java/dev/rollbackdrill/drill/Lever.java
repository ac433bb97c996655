package dev.rollbackdrill.drill;

import dev.rollbackdrill.drill.DrillRunner.DrillFailure;
import dev.rollbackdrill.health.TargetWatch;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.procedure.ProcedureContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * What a drill changes, and puts back, when the change is not a new Deployment revision: a
 * blue-green Service selector ({@link BlueGreenLever}) or a feature flag in a ConfigMap ({@link
 * FlagLever}). {@link DrillRunner} keeps the Deployment-revision path itself and asks a lever for
 * the same steps: check and record the known-good state, make the change, see the rollback
 * accepted, see the target healthy, verify, and restore whatever happened. Every wait ends at the
 * arrival of the watch event (or probe answer) that crossed it, as for a revision.
 */
interface Lever {

  /** Checks the target, records its known-good state and starts watching what it will change. */
  String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws DrillFailure;

  /** Makes the change: one API call, guarded by the object's resourceVersion. */
  void apply(TargetWatch watch) throws DrillFailure;

  /** Waits until the change is in effect (the end of the deploy phase); returns what it saw. */
  String awaitApplied(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws DrillFailure;

  /** The release the change put live, when it is a Deployment (the other colour); else null. */
  RevisionRef candidate();

  /** What a procedure needs to know about a blue-green target; null for other levers. */
  ProcedureContext.ServiceSelector selector();

  /** What a procedure needs to know about a flag; null for other levers. */
  ProcedureContext.FlagSetting flag();

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

  /** One line on what healthy looked like, given when the rollback was accepted. */
  String healthyDetail(TargetWatch watch, long acceptedAt);

  /** Checks the restored state beyond healthy; returns what it checked. */
  String verify(TargetWatch watch) throws DrillFailure;

  /**
   * One attempt to put the known-good state back (a no-op when it is back already), as the
   * harness's own identity. The drill retries it while the API server is unavailable.
   */
  void putBack(Duration timeout) throws dev.rollbackdrill.procedure.ProcedureException;

  /**
   * Waits until the target is healthy on its known-good state again, after {@link #putBack}.
   *
   * @throws dev.rollbackdrill.health.HealthGate.GateException when it is not within {@code timeout}
   */
  void awaitRestored(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe);
}
