/**
 * Where drills run: one {@link dev.rollbackdrill.cluster.ClusterProvider} per kind of cluster (the
 * local one built from Debian packages, Testcontainers k3s, a kubeconfig context, the cluster a pod
 * runs in), obtained by name from {@link dev.rollbackdrill.cluster.ClusterProviders}, and the
 * client configuration and drill-only kubeconfig they hand out. Uses fabric8 and Testcontainers
 * only; no other package of this project.
 */
package dev.rollbackdrill.cluster;
