package dev.rollbackdrill.engine;

import dev.rollbackdrill.cluster.ClusterProvider;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.guard.ContextGuard;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * What a drill run is told from outside, typed and parsed once: where drills run, how often, where
 * their records go, who runs them, what they may touch and as whom, and whether a cluster that looks
 * like production is allowed. The command line builds one from its flags and hands the launcher
 * {@link #toConfigurationParameters()}; the engine reads it back with {@link
 * #from(ConfigurationParameters)}, so Maven Surefire or an IDE setting the same keys ({@link
 * Constants}) gets exactly the same options. Immutable: every {@code with...} returns a new one.
 *
 * <p>List values travel comma-separated, so a list entry never holds a comma: {@code a,b} given as
 * one entry is the two entries {@code a} and {@code b}, on the command line as in the engine.
 * Entries are trimmed; blank ones and repeats are dropped. {@code productionPatterns} are the
 * extra patterns only; {@link ContextGuard#DEFAULT_PATTERNS} always count.
 *
 * @param cluster where drills run, as {@link ClusterProviders#of(String)} reads it
 * @param kubeconfig the kubeconfig for {@code context:NAME}; null for {@code $KUBECONFIG}, then {@code ~/.kube/config}
 * @param iterations runs of every scenario, from 1 to {@value #MAX_ITERATIONS}; null for each scenario's own
 * @param drills the history folder records are appended to; null records nothing
 * @param executedBy who runs the drills, for the record; null for the environment's user
 * @param allowedNamespaces namespaces that may be drilled without the opt-in label
 * @param asUser the on-call identity the procedure runs as; null for the harness's own
 * @param asGroups that identity's groups
 * @param allowProduction whether a cluster that looks like production may be drilled
 * @param productionPatterns words that also mark a cluster as production
 * @param scenarios files or folders discovered when a request selects none
 */
public record DrillOptions(
    String cluster,
    Path kubeconfig,
    Integer iterations,
    Path drills,
    String executedBy,
    List<String> allowedNamespaces,
    String asUser,
    List<String> asGroups,
    boolean allowProduction,
    List<String> productionPatterns,
    List<Path> scenarios) {

  /** The most iterations one run may ask for. */
  public static final int MAX_ITERATIONS = 100;

  /** The history folder when none is given: {@code drills}. */
  public static final Path DEFAULT_DRILLS = Path.of("drills");

  /** How {@link Constants#DRILLS} says that nothing is recorded. */
  static final String NO_RECORD = "none";

  /** The defaults: the embedded cluster, scenario iterations, the {@code drills} history, nothing allowed. */
  public static final DrillOptions DEFAULTS = new DrillOptions(ClusterProviders.EMBEDDED, null, null, DEFAULT_DRILLS,
      null, List.of(), null, List.of(), false, List.of(), List.of());

  public DrillOptions {
    Objects.requireNonNull(cluster, "cluster");
    if (iterations != null && (iterations < 1 || iterations > MAX_ITERATIONS)) {
      throw new InvalidOption(Constants.ITERATIONS, iterations.toString(), "must be between 1 and " + MAX_ITERATIONS);
    }
    if (drills != null && drills.toString().equals(NO_RECORD)) {
      drills = null; // the folder the key reserves for "record nothing"
    }
    allowedNamespaces = entries(allowedNamespaces);
    asGroups = entries(asGroups);
    productionPatterns = entries(productionPatterns);
    scenarios = List.copyOf(scenarios == null ? List.of() : scenarios);
    for (Path p : scenarios) {
      if (p.toString().contains(",")) {
        throw new InvalidOption(Constants.SCENARIOS, p.toString(), "a path in this comma-separated list cannot hold a comma");
      }
    }
  }

  private static List<String> entries(List<String> given) {
    Set<String> entries = new LinkedHashSet<>();
    for (String g : given == null ? List.<String>of() : given) {
      for (String e : g.split(",")) {
        if (!e.isBlank()) {
          entries.add(e.trim());
        }
      }
    }
    return List.copyOf(entries);
  }

  public DrillOptions withCluster(String cluster) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  public DrillOptions withKubeconfig(Path kubeconfig) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  public DrillOptions withIterations(Integer iterations) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  /** Records appended to {@code drills}; null records nothing. */
  public DrillOptions withDrills(Path drills) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  public DrillOptions withExecutedBy(String executedBy) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  public DrillOptions withAllowedNamespaces(List<String> allowedNamespaces) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  /** The procedure runs as {@code user} (null: the harness's own identity) with {@code groups}. */
  public DrillOptions withAs(String user, List<String> groups) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, user, groups,
        allowProduction, productionPatterns, scenarios);
  }

  /** Whether production-looking clusters are allowed, and the extra {@code patterns} that mark one. */
  public DrillOptions withProduction(boolean allowProduction, List<String> patterns) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, patterns, scenarios);
  }

  public DrillOptions withScenarios(List<Path> scenarios) {
    return new DrillOptions(cluster, kubeconfig, iterations, drills, executedBy, allowedNamespaces, asUser, asGroups,
        allowProduction, productionPatterns, scenarios);
  }

  /**
   * What a drill may touch and as whom, for {@link DrillRunner} and the dry run ({@code
   * drill.DryRun}) alike.
   */
  public DrillRunner.Options runnerOptions() {
    return new DrillRunner.Options(Set.copyOf(allowedNamespaces), asUser, asGroups);
  }

  /**
   * These options as configuration parameters, read back by {@link #from} to equal options. The
   * cluster, the history and the production guard's keys are always there, so that nothing from
   * system properties or {@code junit-platform.properties} can loosen the guard of a run the command
   * line configured; other keys only when set.
   */
  public Map<String, String> toConfigurationParameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(Constants.CLUSTER, cluster);
    p.put(Constants.DRILLS, drills == null ? NO_RECORD : drills.toString());
    p.put(Constants.ALLOW_PRODUCTION, Boolean.toString(allowProduction));
    p.put(Constants.PRODUCTION_PATTERNS, String.join(",", productionPatterns));
    if (iterations != null) {
      p.put(Constants.ITERATIONS, iterations.toString());
    }
    if (kubeconfig != null) {
      p.put(Constants.KUBECONFIG, kubeconfig.toString());
    }
    if (!allowedNamespaces.isEmpty()) {
      p.put(Constants.ALLOW_NAMESPACES, String.join(",", allowedNamespaces));
    }
    if (asUser != null) {
      p.put(Constants.AS_USER, asUser);
    }
    if (!asGroups.isEmpty()) {
      p.put(Constants.AS_GROUPS, String.join(",", asGroups));
    }
    if (executedBy != null) {
      p.put(Constants.EXECUTED_BY, executedBy);
    }
    if (!scenarios.isEmpty()) {
      p.put(Constants.SCENARIOS, String.join(",", scenarios.stream().map(Path::toString).toList()));
    }
    return p;
  }

  /**
   * The options {@code config} gives, defaults for the keys it lacks.
   *
   * @throws InvalidOption for a value that does not parse or is out of range, naming the key and the value
   */
  public static DrillOptions from(ConfigurationParameters config) {
    return new DrillOptions(
        config.get(Constants.CLUSTER).orElse(ClusterProviders.EMBEDDED),
        parsed(config, Constants.KUBECONFIG, DrillOptions::path).orElse(null),
        parsed(config, Constants.ITERATIONS, DrillOptions::iterations).orElse(null),
        parsed(config, Constants.DRILLS, DrillOptions::path).orElse(DEFAULT_DRILLS),
        config.get(Constants.EXECUTED_BY).orElse(null),
        csv(config, Constants.ALLOW_NAMESPACES),
        config.get(Constants.AS_USER).orElse(null),
        csv(config, Constants.AS_GROUPS),
        parsed(config, Constants.ALLOW_PRODUCTION, DrillOptions::bool).orElse(false),
        csv(config, Constants.PRODUCTION_PATTERNS),
        csv(config, Constants.SCENARIOS).stream().map(p -> parse(Constants.SCENARIOS, p, DrillOptions::path)).toList());
  }

  /**
   * Null when drills may run on {@code provider}'s cluster; otherwise why not: it looks like
   * production and production is not allowed. Reads only what the provider knows before connecting.
   */
  public String refusal(ClusterProvider provider) {
    return allowProduction ? null : ContextGuard.refusal(provider, ContextGuard.patterns(productionPatterns));
  }

  private static <T> Optional<T> parsed(ConfigurationParameters config, String key, Function<String, T> parser) {
    return config.get(key).map(v -> parse(key, v, parser));
  }

  private static <T> T parse(String key, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (InvalidOption e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidOption(key, value, e.getMessage());
    }
  }

  private static List<String> csv(ConfigurationParameters config, String key) {
    return config.get(key).map(v -> List.of(v.split(","))).orElse(List.of()).stream()
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Path path(String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a path: " + e.getReason());
    }
  }

  private static Integer iterations(String value) {
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number between 1 and " + MAX_ITERATIONS);
    }
  }

  private static Boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  /** A value that does not parse or is out of range: which key, the value as given, and what is wrong. */
  public static final class InvalidOption extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    InvalidOption(String key, String value, String problem) {
      super(key + "=" + value + ": " + problem);
      this.key = key;
      this.problem = problem;
    }

    /** The configuration key, one of {@link Constants}. */
    public String key() {
      return key;
    }

    /** What is wrong with the value, without the key: {@code must be between 1 and 100}. */
    public String problem() {
      return problem;
    }
  }
}
