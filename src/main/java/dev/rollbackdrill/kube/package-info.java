/**
 * The Kubernetes helpers every other package reads the cluster through: {@link
 * dev.rollbackdrill.kube.TargetWatch} (informers on one target, every event stamped with its
 * monotonic arrival time and offered to its listeners), {@link dev.rollbackdrill.kube.Rollouts}
 * (revisions, ownership and completeness read the way {@code kubectl} reads them), {@link
 * dev.rollbackdrill.kube.ApiServerProxy} (HTTP to a pod through the API server's proxy), {@link
 * dev.rollbackdrill.kube.ApiErrors} (how an API error reads in a reason) and {@link
 * dev.rollbackdrill.kube.SideBySide} (independent reads side by side, each its own round trip).
 * Uses only fabric8, {@code timing} and {@code scenario}'s HTTP checks; changes nothing in the
 * cluster.
 */
package dev.rollbackdrill.kube;
