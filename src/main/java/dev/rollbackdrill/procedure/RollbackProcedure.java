package dev.rollbackdrill.procedure;

/**
 * One way a team rolls back: undo to a revision, the runbook's own command, and later a
 * blue-green switch or a kill switch. Obtain one with {@link Procedures#of}. {@code run} returns
 * when the procedure itself has returned (the API accepted the change, the command exited); the
 * drill then watches the cluster for the result.
 */
public interface RollbackProcedure {

  /** Name as in the scenario file, e.g. {@code rollout-undo}. */
  String name();

  /** What the procedure will do, for {@code --dry-run} and progress output. */
  String describe(ProcedureContext ctx);

  Outcome run(ProcedureContext ctx) throws ProcedureException;

  /**
   * Why this procedure cannot run here at all (a tool it needs is missing), checked in preflight
   * before anything changes; empty when it can.
   */
  default java.util.Optional<String> unavailableReason() {
    return java.util.Optional.empty();
  }

  /** What happened: one line for the console, and output worth keeping with the record. */
  record Outcome(String summary, String output) {}
}
