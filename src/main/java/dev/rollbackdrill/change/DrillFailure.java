package dev.rollbackdrill.change;

/**
 * A drill failed for a reason that is about the rollback, not the harness: a lever, a detector,
 * the preflight or the procedure found the target not as it must be. Its message, which starts
 * with the phase ("preflight: ...", "verify: ..."), is the verdict's reason.
 */
public final class DrillFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public DrillFailure(String message) {
    super(message);
  }
}
