package dev.rollbackdrill.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.rollbackdrill.engine.Constants;
import dev.rollbackdrill.engine.DrillOptions;
import dev.rollbackdrill.engine.DrillTestEngine;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drill run}: validates scenarios, runs them through the JUnit Platform launcher, summarises. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run rollback drills and measure the time from trigger to healthy.",
      "Each drill deploys the scenario's candidate, detects it, rolls back with the",
      "documented procedure and watches the target until it is healthy again.",
      "Every scenario is validated first; nothing touches a cluster if any file is invalid.",
      "Each run is appended to the drill history and written as JUnit XML."
    },
    footer = {
      "",
      "Exit codes: 0 every drill met its SLO, 1 a drill failed or missed its SLO,",
      "            2 bad input, 3 the cluster could not be used, 4 a drill was refused",
      "            before anything changed (and none did worse; --dry-run: it would be),",
      "            130 stopped by Ctrl-C, 143 stopped by SIGTERM (the target restored).",
      "",
      "Examples:",
      "  drill run scenarios/noop-undo.yaml",
      "  drill run scenarios/ --tag smoke --iterations 3 --executed-by alice",
      "  drill run scenarios/unready-undo.yaml --cluster context:staging"
    })
final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final java.time.Clock clock;

  RunCommand() {
    this(java.time.Clock.systemUTC());
  }

  /** With {@code clock} for the dry run's plan (Main's factory passes the command line's clock). */
  RunCommand(java.time.Clock clock) {
    this.clock = clock;
  }

  @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files or folders of them.")
  List<Path> paths;

  @Option(names = {"-c", "--cluster"}, defaultValue = "embedded",
      description = "embedded (default: a throwaway local cluster), local, k3s, context:NAME, or in-cluster[:NAME] (in a pod)")
  String cluster;

  @Option(names = "--kubeconfig", description = "Kubeconfig for --cluster context:NAME (default: $KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(names = {"-n", "--iterations"}, description = "Run every scenario N times (overrides the file).")
  Integer iterations;

  @Option(names = {"-t", "--tag"}, description = "Only scenarios with this tag (repeatable; any matches).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--executed-by", description = "Who runs the drill, for the record (default: $DRILL_EXECUTED_BY, $USER).")
  String executedBy;

  @Option(names = "--drills", defaultValue = "drills", description = "Drill history folder (default: ${DEFAULT-VALUE}).")
  Path drills;

  @Option(names = "--no-record", description = "Do not append the runs to the drill history.")
  boolean noRecord;

  @Option(names = "--dry-run",
      description = "Print the plan (every check, change and command, and the known-good to restore) and change nothing.")
  boolean dryRun;

  @Option(names = "--allow-namespace", paramLabel = "NS",
      description = "Drill NS even without the label rollback-drill/enabled=true (repeatable).")
  List<String> allowNamespaces = new ArrayList<>();

  @Option(names = "--as", paramLabel = "USER",
      description = "Run the rollback procedure as USER (e.g. system:serviceaccount:oncall:rollback), impersonated,"
          + " after checking in preflight that USER may.")
  String asUser;

  @Option(names = "--as-group", paramLabel = "GROUP", description = "Groups of --as (repeatable; needs --as).")
  List<String> asGroups = new ArrayList<>();

  @Option(names = "--allow-production",
      description = "Allow a cluster whose names or API server look like production (prod, production, prd, live,"
          + " and every --production-pattern).")
  boolean allowProduction;

  @Option(names = "--production-pattern", paramLabel = "WORD",
      description = "Also refuse a cluster whose context, cluster entry, server or in-cluster name has WORD"
          + " (repeatable; eu-main matches those words in a row).")
  List<String> productionPatterns = new ArrayList<>();

  @Option(names = "--junit-xml", defaultValue = "reports/junit", description = "Folder for JUnit XML (default: ${DEFAULT-VALUE}).")
  Path junitXml;

  @Option(names = "--notify", paramLabel = "URL",
      description = "Post one message per run to this chat webhook (Slack-compatible JSON: {\"text\": ...}); the URL is never"
          + " printed (default: $" + WEBHOOK_ENV + ", so a Secret can hold it).")
  java.net.URI notify;

  @Option(names = "--notify-on", paramLabel = "WHEN", defaultValue = "failure",
      description = "failure (default: only when a drill did not pass) or always.")
  String notifyOn;

  @Option(names = "--notify-link", paramLabel = "URL_OR_PATH",
      description = "Where readers find the report, ending the message (a CI run's page, a shared path; default: none).")
  String notifyLink;

  @Option(names = "--notify-timeout", paramLabel = "DURATION", defaultValue = "5s",
      description = "How long the webhook may take; it never fails the run (default: ${DEFAULT-VALUE}).")
  String notifyTimeout;

  @Option(names = "--push-metrics", paramLabel = "URL",
      description = "At the end, push the history's metrics to this Prometheus Pushgateway (job rollback-drill;"
          + " a URL ending /metrics/job/NAME/... names another group; default: $" + PUSHGATEWAY_ENV + ").")
  java.net.URI pushMetrics;

  @Option(names = "--push-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long the Pushgateway may take; it never fails the run (default: ${DEFAULT-VALUE}).")
  String pushTimeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DrillOptions options;
    try {
      options = options();
    } catch (DrillOptions.InvalidOption e) {
      err.println("drill: " + FLAGS.getOrDefault(e.key(), e.key()) + " " + e.problem());
      return Main.BAD_INPUT;
    }
    ChatNotification notification;
    MetricsPush push;
    try {
      notification = notification();
      push = metricsPush();
    } catch (IllegalArgumentException e) {
      err.println("drill: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    List<Scenario> scenarios;
    try {
      scenarios = ScenarioLoader.loadAll(paths);
    } catch (ScenarioException e) {
      e.problems().forEach(p -> err.println(p));
      err.println("drill: " + e.problems().size() + " problem(s); nothing was run");
      return Main.BAD_INPUT;
    }
    List<Scenario> selected = scenarios.stream()
        .filter(s -> tags.isEmpty() || s.tags().stream().anyMatch(tags::contains))
        .toList();
    if (selected.isEmpty()) {
      err.println("drill: no scenario" + (tags.isEmpty() ? "" : " tagged " + String.join(" or ", tags)) + " in " + paths);
      return Main.BAD_INPUT;
    }
    if (dryRun) {
      return plan(selected, options, out, err);
    }
    var builder = request()
        .selectors(selected.stream().map(s -> selectFile(s.source().toFile())).toList())
        .filters(EngineFilter.includeEngines(Constants.ENGINE_ID))
        .configurationParameters(options.toConfigurationParameters());
    if (!tags.isEmpty()) {
      builder.filters(TagFilter.includeTags(tags));
    }
    LauncherDiscoveryRequest request = builder.build();
    ConsoleProgress progress = new ConsoleProgress(out);
    java.nio.file.Files.createDirectories(junitXml);
    // The engine runs the scenarios read and validated above instead of reading them again. Its
    // listeners are the two given here: the jar's own service files name others (JUnit's unique-id
    // tracking, Open Test Reporting), off unless configured, which a run would only load and ask.
    Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestEngineAutoRegistration(false)
        .enableTestExecutionListenerAutoRegistration(false)
        .enableLauncherSessionListenerAutoRegistration(false)
        .enableLauncherDiscoveryListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .addTestEngines(DrillTestEngine.withScenarios(selected))
        .build());
    launcher.execute(request, progress, new LegacyXmlReportGeneratingListener(junitXml, err));

    if (progress.clusterRefusal() != null) {
      err.println("drill: refused: " + progress.clusterRefusal());
      return Main.BAD_INPUT;
    }
    if (!progress.engineFailures().isEmpty()) {
      return Main.ENVIRONMENT;
    }
    printSummary(out, progress.rows());
    markClassArchive(progress.rows());
    if (notification != null) {
      String warning = notification.post(progress.rows(),
          options.executedBy() != null ? options.executedBy() : dev.rollbackdrill.engine.DrillTestEngine.defaultExecutor());
      if (warning != null) {
        err.println("drill: " + warning + "; the run and its records are unaffected");
      }
    }
    if (push != null) {
      MetricsPush.Outcome pushed = push.push(drills);
      if (pushed.warning() != null) {
        err.println("drill: " + pushed.warning() + "; the run and its records are unaffected");
      } else {
        out.println(pushed.done());
      }
    }
    return exitCode(progress.rows());
  }

  /**
   * Tells {@code ./drill} that the classes this JVM loaded are worth keeping for later runs (its
   * class data sharing archive, written as the JVM exits): a drill ran here, past its refusals. A
   * {@code drill run --help}, bad input or a refused drill loads too few to be worth it, and would
   * leave every later run loading the rest from the jar.
   */
  private static void markClassArchive(List<ConsoleProgress.Row> rows) {
    String marker = System.getProperty("rollbackdrill.cds.ran");
    if (marker != null && rows.stream().anyMatch(r -> !refused(r))) {
      try {
        java.nio.file.Files.writeString(Path.of(marker), "");
      } catch (java.io.IOException | RuntimeException e) {
        // no archive is kept, then; the next run that drills writes one
      }
    }
  }

  /**
   * 0 when every drill passed; {@link Main#REFUSED} when every one that did not pass was refused
   * before anything changed; otherwise (a failure, a missed SLO, a harness error, no drill at all)
   * {@link Main#DRILL_FAILED}.
   */
  static int exitCode(List<ConsoleProgress.Row> rows) {
    if (rows.isEmpty() || rows.stream().anyMatch(r -> !r.verdict().equals("PASSED") && !refused(r))) {
      return Main.DRILL_FAILED;
    }
    return rows.stream().anyMatch(RunCommand::refused) ? Main.REFUSED : Main.OK;
  }

  private static boolean refused(ConsoleProgress.Row r) {
    return r.verdict().equals(dev.rollbackdrill.history.DrillRecord.Verdict.REFUSED.name());
  }

  private int plan(List<Scenario> selected, DrillOptions options, PrintWriter out, PrintWriter err) {
    try {
      dev.rollbackdrill.cluster.ClusterProvider provider =
          dev.rollbackdrill.cluster.ClusterProviders.of(options.cluster(), System.err, options.kubeconfig());
      // Before connecting, as the engine does for a run (the dry run does not go through it).
      String refusal = options.refusal(provider);
      if (refusal != null) {
        err.println("drill: refused: " + refusal);
        return Main.BAD_INPUT;
      }
      dev.rollbackdrill.cluster.ClusterHandle handle = provider.up(System.err);
      boolean wouldRefuse = false;
      try (io.fabric8.kubernetes.client.KubernetesClient client = handle.newClient()) {
        for (Scenario s : selected) {
          List<String> lines = dev.rollbackdrill.drill.DryRun.describe(s, client, clock, options.runnerOptions());
          lines.forEach(out::println);
          out.println();
          wouldRefuse |= dev.rollbackdrill.drill.DryRun.wouldRefuse(lines);
        }
      }
      out.println("nothing was changed (--dry-run)" + (wouldRefuse ? "; a drill WOULD BE REFUSED: see above" : ""));
      return wouldRefuse ? Main.REFUSED : Main.OK;
    } catch (dev.rollbackdrill.cluster.ClusterException | RuntimeException e) {
      err.println("drill: " + e.getMessage());
      return Main.ENVIRONMENT;
    }
  }

  /**
   * Every option the engine is told, from the flags: the run hands the launcher its configuration
   * parameters, and the dry run plans with the very same object.
   */
  DrillOptions options() {
    return DrillOptions.DEFAULTS
        .withCluster(cluster)
        .withKubeconfig(kubeconfig)
        .withIterations(iterations)
        .withDrills(noRecord ? null : drills)
        .withExecutedBy(executedBy)
        .withAllowedNamespaces(allowNamespaces)
        .withAs(asUser, asGroups)
        .withProduction(allowProduction, productionPatterns);
  }

  /** The environment variables {@code --notify} and {@code --push-metrics} default to. */
  static final String WEBHOOK_ENV = "DRILL_WEBHOOK_URL";
  static final String PUSHGATEWAY_ENV = "DRILL_PUSHGATEWAY_URL";

  /**
   * The URL in environment variable {@code name}, or null when it is unset or blank (as CI systems
   * pass a secret that is not defined); a value that is no URL is an error naming the variable.
   */
  static java.net.URI fromEnv(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return new java.net.URI(v.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("$" + name + " is not a URL: " + e.getReason());
    }
  }

  /** The metrics push the flags ask for, or null; a bad flag is an IllegalArgumentException naming it. */
  private MetricsPush metricsPush() {
    String flag = "--push-metrics";
    if (pushMetrics == null) {
      pushMetrics = fromEnv(System.getenv(), PUSHGATEWAY_ENV);
      flag = "$" + PUSHGATEWAY_ENV;
    }
    if (pushMetrics == null) {
      return null;
    }
    if (noRecord) {
      throw new IllegalArgumentException(flag + " pushes the metrics of the history, which --no-record does not"
          + " keep; drop one of them");
    }
    Duration timeout;
    try {
      timeout = Durations.parse(pushTimeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--push-timeout " + e.getMessage());
    }
    HttpSend.httpUrl(pushMetrics, flag, "a Prometheus Pushgateway");
    return new MetricsPush(pushMetrics, timeout);
  }

  /** The chat notification the flags ask for, or null; a bad flag is an IllegalArgumentException naming it. */
  private ChatNotification notification() {
    String flag = "--notify";
    if (notify == null) {
      notify = fromEnv(System.getenv(), WEBHOOK_ENV);
      flag = "$" + WEBHOOK_ENV;
    }
    if (notify == null) {
      return null;
    }
    HttpSend.httpUrl(notify, flag, "a webhook");
    ChatNotification.When when = switch (notifyOn) {
      case "failure" -> ChatNotification.When.FAILURE;
      case "always" -> ChatNotification.When.ALWAYS;
      default -> throw new IllegalArgumentException("--notify-on expects failure or always, got '" + notifyOn + "'");
    };
    Duration timeout;
    try {
      timeout = Durations.parse(notifyTimeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--notify-timeout " + e.getMessage());
    }
    return new ChatNotification(notify, when, timeout, notifyLink);
  }

  /** The flag that sets each configuration key, for saying which flag has a bad value. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry(Constants.CLUSTER, "--cluster"),
      Map.entry(Constants.KUBECONFIG, "--kubeconfig"),
      Map.entry(Constants.ITERATIONS, "--iterations"),
      Map.entry(Constants.DRILLS, "--drills"),
      Map.entry(Constants.EXECUTED_BY, "--executed-by"),
      Map.entry(Constants.ALLOW_NAMESPACES, "--allow-namespace"),
      Map.entry(Constants.AS_USER, "--as"),
      Map.entry(Constants.AS_GROUPS, "--as-group"),
      Map.entry(Constants.ALLOW_PRODUCTION, "--allow-production"),
      Map.entry(Constants.PRODUCTION_PATTERNS, "--production-pattern"));

  static void printSummary(PrintWriter out, List<ConsoleProgress.Row> rows) {
    out.println();
    out.printf("%-34s %-11s %17s %9s%n", "drill", "verdict", "trigger->healthy", "SLO");
    for (ConsoleProgress.Row r : rows) {
      out.printf("%-34s %-11s %17s %9s%n", r.drill(), r.verdict(),
          r.triggerToHealthyNanos() == null ? "-" : Durations.format(Duration.ofNanos(r.triggerToHealthyNanos())),
          r.sloNanos() == 0 ? "-" : Durations.format(Duration.ofNanos(r.sloNanos())));
    }
    long passed = rows.stream().filter(r -> r.verdict().equals("PASSED")).count();
    out.println();
    out.println(passed + " of " + rows.size() + " drills met their SLO");
    long refused = rows.stream().filter(RunCommand::refused).count();
    if (refused > 0) {
      out.println(refused + " of " + rows.size() + " refused before anything changed: not drilled");
    }
    rows.stream().filter(r -> !r.verdict().equals("PASSED"))
        .forEach(r -> out.println("  " + r.drill() + ": " + r.reason()));
    out.flush();
  }
}
