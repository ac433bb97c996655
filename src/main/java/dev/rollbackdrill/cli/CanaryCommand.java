package dev.rollbackdrill.cli;

import dev.rollbackdrill.canary.CanaryCriteria;
import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.drill.CanaryWatch;
import dev.rollbackdrill.scenario.CanaryRule;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Quantities;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill canary watch}: canary automation in a process of its own, for drills of automatic rollback. */
@Command(
    name = "canary",
    mixinStandardHelpOptions = true,
    description = {
      "Canary automation for rehearsing automatic rollback.",
      "`watch` does what a team's canary automation does (Flagger, Argo Rollouts, a pipeline step):",
      "it waits for a canary beside a Deployment, compares it with the baseline on the same",
      "analysis a canary-analysis drill uses, and on a fail scales the canary to 0 by itself. A drill",
      "with `rollback.procedure: automatic` triggers nothing and measures how long that took.",
      "",
      "Examples:",
      "  drill canary watch -n drill-canary -d demo --endpoint /cgi-bin/checkout --port 8080 --once &",
      "  drill run scenarios/canary-checkout-automatic.yaml"
    },
    subcommands = {CanaryCommand.Watch.class})
final class CanaryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "watch",
      mixinStandardHelpOptions = true,
      description = {
        "Watch a Deployment for canaries (pods labelled rollback-drill/track=canary and",
        "rollback-drill/canary-of=DEPLOYMENT, as a canary drill makes them), sample each track's pods",
        "through the API server's pod proxy, decide on every answer, and scale a failed canary's",
        "Deployment to 0 as field manager " + CanaryWatch.FIELD_MANAGER + ". A canary that passes or",
        "stays inconclusive over the window is left as it is. Runs until Ctrl-C, or with --once until",
        "one canary is decided. It needs to get, list and watch pods and deployments, get",
        "pods/proxy, and patch deployments in the namespace."
      },
      footer = {"", "Exit codes: 0 a canary was decided (--once), 1 no deployment or no canary appeared within --wait,",
          "            2 bad input, 3 no cluster; 130 stopped by Ctrl-C.", "",
          "Example:",
          "  drill canary watch -n drill-canary -d demo --endpoint /cgi-bin/app --endpoint /cgi-bin/checkout \\",
          "      --port 8080 --rate 10/s --window 30s --latency-ratio 2 --quantile p50 --once"})
  static final class Watch implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--cluster"}, defaultValue = "local", description = "local (default), k3s, or context:NAME")
    String cluster;

    @Option(names = "--kubeconfig", description = "Kubeconfig for --cluster context:NAME.")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, required = true, description = "Namespace of the Deployment.")
    String namespace;

    @Option(names = {"-d", "--deployment"}, required = true, description = "The Deployment whose canaries to judge.")
    String deployment;

    @Option(names = "--endpoint", required = true, description = "A path to sample on each track (repeatable).")
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--port", required = true, description = "The pods' port to sample.")
    int port;

    @Option(names = "--rate", defaultValue = "20/s", description = "Requests per track and endpoint (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = "--window", defaultValue = "30s",
        description = "How long a canary is analysed before it counts as passed (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--latency-ratio", defaultValue = "2",
        description = "Fail when the canary's latency quantile is more than this times the baseline's (default: ${DEFAULT-VALUE}).")
    double latencyRatio;

    @Option(names = "--quantile", defaultValue = "p50", description = "The latency quantile compared (default: ${DEFAULT-VALUE}).")
    String quantile;

    @Option(names = "--alpha", defaultValue = "0.01", description = "Significance over the window (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--error-margin", defaultValue = "1%",
        description = "Fail when the canary's error rate is this much above the baseline's (default: ${DEFAULT-VALUE}).")
    String errorMargin;

    @Option(names = "--min-samples", defaultValue = "30", description = "Answers per track before any verdict (default: ${DEFAULT-VALUE}).")
    int minSamples;

    @Option(names = "--request-timeout", defaultValue = "2s",
        description = "A sample slower than this counts as failed (default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--wait", description = "With --once: how long to wait for a canary to appear (default: 10m; without"
        + " --once, for ever).")
    String waitFor;

    @Option(names = "--once", description = "Exit after deciding one canary.")
    boolean once;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CanaryWatch.Settings settings;
      try {
        settings = settings();
      } catch (IllegalArgumentException e) {
        err.println("drill canary watch: " + e.getMessage());
        return Main.BAD_INPUT;
      }
      ClusterHandle handle;
      try {
        handle = ClusterProviders.of(cluster, null, kubeconfig).up(new PrintStream(OutputStream.nullOutputStream()));
      } catch (ClusterException | IllegalArgumentException e) {
        err.println("drill: " + e.getMessage());
        return Main.ENVIRONMENT;
      }
      CanaryWatch watch = new CanaryWatch(handle, line -> {
        out.println(LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS) + " " + line);
        out.flush();
      });
      try {
        watch.run(settings);
        return Main.OK;
      } catch (CanaryWatch.NothingToWatch e) {
        err.println("drill canary watch: " + e.getMessage());
        return Main.DRILL_FAILED;
      }
    }

    private CanaryWatch.Settings settings() {
      Double perSecond = Quantities.perSecond(rate);
      if (perSecond == null || perSecond <= 0) {
        throw new IllegalArgumentException("--rate: expected a rate such as 20/s or 600/m, got '" + rate + "'");
      }
      Double q = Quantities.quantile(quantile);
      if (q == null) {
        throw new IllegalArgumentException("--quantile: expected a quantile such as p50 or p99, got '" + quantile + "'");
      }
      Double margin = Quantities.percent(errorMargin);
      if (margin == null || margin >= 100) {
        throw new IllegalArgumentException("--error-margin: expected a percentage such as 1%, got '" + errorMargin + "'");
      }
      for (String e : endpoints) {
        if (!e.startsWith("/")) {
          throw new IllegalArgumentException("--endpoint: must start with '/', got '" + e + "'");
        }
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--port: must be from 1 to 65535, got " + port);
      }
      Duration over = duration("--window", window);
      CanaryCriteria criteria;
      try {
        criteria = new CanaryCriteria(latencyRatio, q, alpha, margin / 100, minSamples);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("analysis criteria: " + e.getMessage());
      }
      long samples = (long) Math.floor(perSecond * over.toNanos() / 1e9);
      if (samples < minSamples) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--window: %s at %s per track holds %d samples per"
            + " track, fewer than --min-samples %d: every verdict would be inconclusive", Durations.format(over), rate,
            samples, minSamples));
      }
      CanaryRule rule = new CanaryRule(endpoints, port, perSecond, duration("--request-timeout", requestTimeout), criteria);
      Duration wait = waitFor != null ? duration("--wait", waitFor) : once ? Duration.ofMinutes(10) : Duration.ofDays(3650);
      return new CanaryWatch.Settings(namespace, deployment, rule, over, wait, once);
    }

    private static Duration duration(String option, String text) {
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage());
      }
    }
  }
}
