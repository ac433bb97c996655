package dev.rollbackdrill.yaml;

/**
 * One thing wrong with an input file (a scenario, a plan). {@code file} is the path as the caller
 * gave it, {@code line} is 1-based, {@code field} is a dotted path such as {@code
 * rollback.procedure} (empty for problems with the file as a whole). {@link #toString()} is the
 * one-line form shown to users, e.g. {@code scenarios/x.yaml:12 rollback.procedure: unknown value
 * 'undo'; expected one of rollout-undo, command}.
 */
public record Problem(String file, int line, String field, String message) {

  @Override
  public String toString() {
    return file + ":" + line + " " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
