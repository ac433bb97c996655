/**
 * Where drills run: one {@link dev.rollbackdrill.cluster.ClusterProvider} per kind of cluster (the
 * local one built from Debian packages, Testcontainers k3s, a kubeconfig context, the cluster a pod
 * runs in), obtained by name from {@link dev.rollbackdrill.cluster.ClusterProviders}, whether the
 * local one is already up (read without a shell: {@code LocalClusterState}), and the
 * client configuration and drill-only kubeconfig they hand out; for k3s, the Docker images it needs
 * (pulled with progress, the demo's built and loaded into k3s), and the cluster scripts a jar
 * carries. Uses fabric8 and Testcontainers (and its docker-java) only; no other package of this
 * project.
 */
package dev.rollbackdrill.cluster;
