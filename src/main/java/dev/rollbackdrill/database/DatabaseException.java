package dev.rollbackdrill.database;

/** The database could not be started, found or reached: an environment problem, not a drill result. */
public final class DatabaseException extends Exception {

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
