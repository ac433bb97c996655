package dev.rollbackdrill.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Obtains cluster providers by the name a user gives on the command line. The default for a
 * laptop run is an embedded cluster: {@code k3s} where it can run, else {@code local}; never the
 * user's current kubeconfig context, which might be production.
 */
public final class ClusterProviders {

  /** The name of the default: an embedded throwaway cluster. */
  public static final String EMBEDDED = "embedded";

  private ClusterProviders() {}

  /**
   * The provider for {@code spec}: {@code embedded}, {@code local}, {@code k3s}, {@code
   * context:NAME} or {@code in-cluster[:NAME]} (the pod's own cluster and ServiceAccount).
   *
   * @throws IllegalArgumentException for anything else, with the accepted forms in the message
   */
  public static ClusterProvider of(String spec) {
    return of(spec, null);
  }

  /** As {@link #of(String)}, writing why {@code k3s} was passed over to {@code log}. */
  public static ClusterProvider of(String spec, PrintStream log) {
    return of(spec, log, null);
  }

  /** As {@link #of(String, PrintStream)}, reading {@code context:NAME} from {@code kubeconfig} when given. */
  public static ClusterProvider of(String spec, PrintStream log, Path kubeconfig) {
    String s = spec == null ? EMBEDDED : spec.trim();
    if (s.equals("local")) {
      return new LocalCluster(ClusterScripts.folder());
    }
    if (s.equals("k3s")) {
      return new K3sCluster(ClusterScripts.folder());
    }
    if (s.equals("in-cluster") || s.startsWith("in-cluster:") && s.length() > "in-cluster:".length()) {
      return new InCluster(s.equals("in-cluster") ? null : s.substring("in-cluster:".length()));
    }
    if (s.startsWith("context:") && s.length() > "context:".length()) {
      return new ContextCluster(s.substring("context:".length()),
          kubeconfig != null ? kubeconfig : ContextCluster.defaultKubeconfig());
    }
    if (s.equals(EMBEDDED)) {
      K3sCluster k3s = new K3sCluster(ClusterScripts.folder());
      Optional<String> why = k3s.unavailableReason();
      if (why.isEmpty()) {
        return k3s;
      }
      if (log != null) {
        log.println("[cluster] " + why.get() + "; using the local cluster");
      }
      return new LocalCluster(ClusterScripts.folder());
    }
    throw new IllegalArgumentException(
        "unknown cluster '" + spec + "'; expected one of embedded, local, k3s, context:NAME, in-cluster[:NAME]");
  }

  /**
   * The project's folder: where {@code ci/cluster} and {@code scenarios/} live. Set by the {@code
   * ./drill} launcher and by the build; otherwise found by walking up from the working directory.
   */
  public static Path projectHome() {
    for (String key : new String[] {"rollbackdrill.home", "rollbackdrill.projectDir"}) {
      String v = System.getProperty(key);
      if (v != null && !v.isBlank()) {
        return Path.of(v).toAbsolutePath();
      }
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("ci/cluster/cluster.sh"))) {
        return d;
      }
    }
    return dir;
  }
}
