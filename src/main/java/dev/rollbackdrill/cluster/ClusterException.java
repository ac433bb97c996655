package dev.rollbackdrill.cluster;

/** A cluster could not be started, reached or stopped; the message says why in one line. */
public class ClusterException extends Exception {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
