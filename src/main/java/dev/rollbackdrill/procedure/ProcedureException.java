package dev.rollbackdrill.procedure;

/** The rollback procedure failed; the message is the drill's failure reason. */
public class ProcedureException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String output;

  public ProcedureException(String message, String output) {
    super(message);
    this.output = output;
  }

  /** What the procedure printed, if anything. */
  public String output() {
    return output;
  }
}
