package dev.rollbackdrill.engine;

/**
 * A drill refused in preflight, before anything was changed: the test of a {@code REFUSED} drill
 * fails with it. An {@link AssertionError}, so JUnit XML (the engine's and Surefire's) reports a
 * failure, never a pass or a harness error; its type and its message, which begins {@value
 * #PREFIX}, say that the rollback was not drilled.
 */
final class DrillRefusedException extends AssertionError {

  private static final long serialVersionUID = 1L;

  /** How the message of every refusal begins. */
  static final String PREFIX = "REFUSED (nothing was changed): ";

  DrillRefusedException(String reason) {
    super(PREFIX + reason);
  }
}
