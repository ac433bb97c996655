package dev.rollbackdrill.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** How an error from the Kubernetes API reads in a drill's reason, a progress line or a note: one wording everywhere. */
public final class ApiErrors {
  private ApiErrors() {}

  /**
   * The API server's own status line ("HTTP 409 the object has been modified ..."), or, when there
   * was no answer at all (the API server down or restarting), the client's message with its
   * innermost cause.
   */
  public static String describe(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage()
        : e.getMessage() + " (" + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName()) + ")";
  }

  /** The status message alone (the caller names the HTTP code), or the client's message. */
  public static String status(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }

  /** Any failure as one line: an API error as {@link #describe}, anything else by its message. */
  public static String describe(Exception e) {
    return e instanceof KubernetesClientException k ? describe(k) : e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
