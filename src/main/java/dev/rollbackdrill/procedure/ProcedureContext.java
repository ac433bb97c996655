package dev.rollbackdrill.procedure;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a procedure may use: the client, the target, the known-good revision recorded in
 * preflight, the kubeconfig handed to commands, and the time it is allowed.
 */
public record ProcedureContext(
    KubernetesClient client,
    String namespace,
    String deployment,
    long knownGoodRevision,
    String knownGoodHash,
    Path kubeconfig,
    Duration timeout) {}
