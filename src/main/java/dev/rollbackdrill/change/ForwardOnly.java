package dev.rollbackdrill.change;

/**
 * The rollback of the code cannot work: the release's migration left a schema the known-good
 * version cannot run on, so the way out is forward (or the down-migration first). Its message
 * names the statements that break, with PostgreSQL's errors; the verdict is {@code FORWARD_ONLY},
 * counted apart from failed rollbacks.
 */
public final class ForwardOnly extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ForwardOnly(String message) {
    super(message);
  }
}
