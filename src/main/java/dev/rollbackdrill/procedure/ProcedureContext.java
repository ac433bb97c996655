package dev.rollbackdrill.procedure;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * What a procedure may use: the client (impersonating the on-call identity when the drill is run
 * {@code --as} one; a runbook command gets a kubeconfig written from its configuration), the
 * target, the known-good revision recorded in preflight, and the time it is allowed. {@code container} is
 * the container a roll-forward changes (null: the first); {@code selector} is set for blue-green
 * drills and {@code flag} for kill-switch drills, each with the known-good state preflight found.
 */
public record ProcedureContext(
    KubernetesClient client,
    String namespace,
    String deployment,
    long knownGoodRevision,
    String knownGoodHash,
    Duration timeout,
    String container,
    ServiceSelector selector,
    FlagSetting flag) {

  /** A context for a Deployment-revision drill. */
  public ProcedureContext(
      KubernetesClient client,
      String namespace,
      String deployment,
      long knownGoodRevision,
      String knownGoodHash,
      Duration timeout) {
    this(client, namespace, deployment, knownGoodRevision, knownGoodHash, timeout, null, null, null);
  }

  /**
   * Blue-green: Service {@code service} selects its colour with {@code label}; it selected {@code
   * knownGoodColour} before the drill switched it to {@code candidateColour}.
   */
  public record ServiceSelector(String service, String label, String knownGoodColour, String candidateColour) {}

  /**
   * Kill switch: key {@code key} of ConfigMap {@code configMap} held {@code knownGoodValue} (null:
   * absent) before the drill set it to {@code candidateValue}.
   */
  public record FlagSetting(String configMap, String key, String knownGoodValue, String candidateValue) {}
}
