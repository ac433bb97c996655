package dev.rollbackdrill.engine;

/**
 * Configuration parameters of the rollback-drill JUnit Platform engine. Set them on a launcher
 * request, as {@code -D} system properties, or in {@code junit-platform.properties}.
 */
public final class Constants {

  /** The engine's id: {@value}. */
  public static final String ENGINE_ID = "rollback-drill";

  /**
   * Where drills run: {@code embedded} (default: k3s where it can run, else the local cluster),
   * {@code local}, {@code k3s}, or {@code context:NAME}. Key: {@value}.
   */
  public static final String CLUSTER = "rollbackdrill.cluster";

  /** Who runs the drills, recorded in every record. Defaults to {@code $DRILL_EXECUTED_BY}, then {@code $USER}. Key: {@value}. */
  public static final String EXECUTED_BY = "rollbackdrill.executedBy";

  /** Overrides every scenario's {@code iterations}. Key: {@value}. */
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

  private Constants() {}
}
