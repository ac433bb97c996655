package dev.rollbackdrill.engine;

/**
 * The engine would not connect to the configured cluster: it looks like production and production
 * was not allowed ({@link Constants#ALLOW_PRODUCTION}). The whole run fails with it before anything
 * reaches the cluster; {@code drill run} reports it as bad input.
 */
public final class ClusterRefusedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  ClusterRefusedException(String reason) {
    super("refused: " + reason);
    this.reason = reason;
  }

  /** Why: which name matched which production pattern, and how to allow it. */
  public String reason() {
    return reason;
  }
}
