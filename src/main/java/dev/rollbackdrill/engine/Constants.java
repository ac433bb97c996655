package dev.rollbackdrill.engine;

/**
 * Configuration parameters of the rollback-drill JUnit Platform engine. Set them on a launcher
 * request, as {@code -D} system properties, or in {@code junit-platform.properties}. The engine reads
 * them all once, into {@link DrillOptions}, which is also what writes them for {@code drill run}; a
 * value that does not parse fails the run, naming the key, before any cluster is touched.
 */
public final class Constants {

  /** The engine's id: {@value}. */
  public static final String ENGINE_ID = "rollback-drill";

  /**
   * Where drills run: {@code embedded} (default: k3s where it can run, else the local cluster),
   * {@code local}, {@code k3s}, {@code context:NAME} or {@code in-cluster[:NAME]}. A cluster that
   * looks like production is refused unless {@link #ALLOW_PRODUCTION}. Key: {@value}.
   */
  public static final String CLUSTER = "rollbackdrill.cluster";

  /** Who runs the drills, recorded in every record. Defaults to {@code $DRILL_EXECUTED_BY}, then {@code $USER}. Key: {@value}. */
  public static final String EXECUTED_BY = "rollbackdrill.executedBy";

  /** Overrides every scenario's {@code iterations}: a whole number from 1 to 100. Key: {@value}. */
  public static final String ITERATIONS = "rollbackdrill.iterations";

  /** Folder of the drill history records are appended to; {@code none} records nothing. Default {@code drills}. Key: {@value}. */
  public static final String DRILLS = "rollbackdrill.drills";

  /**
   * Scenario files or folders, comma-separated, discovered when a request selects no file or
   * folder (as from Maven Surefire or an IDE). Key: {@value}.
   */
  public static final String SCENARIOS = "rollbackdrill.scenarios";

  /** Kubeconfig file for {@code context:NAME} clusters (default {@code $KUBECONFIG}, then {@code ~/.kube/config}). Key: {@value}. */
  public static final String KUBECONFIG = "rollbackdrill.kubeconfig";

  /** Namespaces that may be drilled without the opt-in label, comma-separated. Key: {@value}. */
  public static final String ALLOW_NAMESPACES = "rollbackdrill.allowNamespaces";

  /**
   * The on-call identity (user or system:serviceaccount:NS:NAME) the rollback procedure runs as,
   * impersonated, after preflight checked that it may. Key: {@value}.
   */
  public static final String AS_USER = "rollbackdrill.as";

  /** Groups of that identity, comma-separated (a ServiceAccount's own groups are added). Key: {@value}. */
  public static final String AS_GROUPS = "rollbackdrill.asGroups";

  /**
   * {@code true} lets drills run on a cluster whose names or API server address look like
   * production (see {@link #PRODUCTION_PATTERNS}); the engine refuses such a cluster otherwise,
   * before connecting to it. Default {@code false}; anything but {@code true} or {@code false} is an
   * error. Key: {@value}.
   */
  public static final String ALLOW_PRODUCTION = "rollbackdrill.allowProduction";

  /**
   * Words that mark a cluster as production, comma-separated, in addition to {@code prod},
   * {@code production}, {@code prd} and {@code live}; matched as whole tokens of a context's name,
   * its cluster entry and server, or an in-cluster name and host ({@code eu-main} matches those
   * two words in a row). Key: {@value}.
   */
  public static final String PRODUCTION_PATTERNS = "rollbackdrill.productionPatterns";

  private Constants() {}
}
