package dev.rollbackdrill.cluster;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * A cluster rollback-drill uses but does not run (a kubeconfig context, the cluster a pod runs
 * in): nothing to stop, and its status is whether it answers.
 */
abstract class ExternalCluster implements ClusterProvider {

  @Override
  public void down(PrintStream log) {
    log.println("[cluster] " + id() + " is not managed by rollback-drill; nothing to stop");
  }

  @Override
  public ClusterStatus status() {
    try {
      ClusterHandle h = up(new PrintStream(OutputStream.nullOutputStream()));
      return new ClusterStatus(true, List.of(id() + ": reachable at " + h.config().getMasterUrl()));
    } catch (ClusterException e) {
      return new ClusterStatus(false, List.of(e.getMessage()));
    }
  }
}
