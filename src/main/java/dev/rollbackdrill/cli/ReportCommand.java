package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.metrics.DrillMetrics;
import dev.rollbackdrill.plan.Plan;
import dev.rollbackdrill.plan.PlanException;
import dev.rollbackdrill.plan.PlanLoader;
import dev.rollbackdrill.plan.PlanStatus;
import dev.rollbackdrill.report.ReportModel;
import dev.rollbackdrill.report.ReportOptions;
import dev.rollbackdrill.report.ReportWriter;
import dev.rollbackdrill.report.TrendReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill report}: renders the drill history as a monthly MTTR trend report. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Render the monthly rollback-time trend report from the drill history.",
      "Writes reports/index.html (self-contained: open it from disk), summary.md (for a chat message",
      "or pull request) and model.json (the computed numbers)."
    },
    footer = {"", "Exit codes: 0 rendered (skipped records are named as warnings), 2 bad option.", "",
        "Examples:", "  drill report", "  drill report --zone Europe/Berlin --stale-after 40d",
        "  drill report --plan drills/plan.yaml --cluster context:staging",
        "  drill report --metrics-file /var/lib/node_exporter/textfile/rollback_drill.prom"})
final class ReportCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Clock clock;

  ReportCommand() {
    this(Clock.systemUTC());
  }

  /** With {@code clock} as the report's "now" (Main's factory passes the command line's clock). */
  ReportCommand(Clock clock) {
    this.clock = clock;
  }

  @Option(names = "--drills", defaultValue = "drills", description = "Drill history folder (default: ${DEFAULT-VALUE}).")
  Path drills;

  @Option(names = "--out", defaultValue = "reports", description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "Time zone of the calendar months (default: the plan's timezone with --plan, else UTC).")
  String zone;

  @Option(names = "--stale-after", paramLabel = "PERIOD",
      description = "A scenario not drilled for longer is flagged stale (default: the plan's staleAfter with"
          + " --plan, else 35d).")
  String staleAfter;

  @Option(names = "--plan", paramLabel = "FILE",
      description = "Drill plan (e.g. drills/plan.yaml): its timezone, staleAfter and per-scenario periods apply,"
          + " and planned scenarios that never ran are listed as stale.")
  Path plan;

  @Option(names = {"-c", "--cluster"}, paramLabel = "CLUSTER",
      description = "Only runs on this cluster, as given to drill run --cluster (e.g. context:staging), keep a"
          + " scenario from going stale, as in drill plan (default: runs on any cluster).")
  String cluster;

  @Option(names = "--metrics-file", paramLabel = "FILE",
      description = "Also write the history's metrics to FILE (replaced atomically), e.g. for node-exporter's"
          + " textfile collector.")
  Path metricsFile;

  @Option(names = "--metrics-format", paramLabel = "FORMAT", defaultValue = "prometheus",
      description = "prometheus (default: the text format the textfile collector reads) or openmetrics.")
  String metricsFormat;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Plan loadedPlan = null;
    if (plan != null) {
      try {
        loadedPlan = PlanLoader.load(plan);
      } catch (PlanException e) {
        e.problems().forEach(err::println);
        return Main.BAD_INPUT;
      }
    }
    ReportOptions options;
    try {
      // An option given on the command line wins over the plan; the plan over the defaults.
      ZoneId z = zone != null ? ZoneId.of(zone) : loadedPlan != null ? loadedPlan.zone() : ZoneOffset.UTC;
      Duration stale = staleAfter != null ? ReportOptions.parsePeriod(staleAfter)
          : loadedPlan != null ? loadedPlan.defaultStaleAfter() : ReportOptions.DEFAULT_STALE_AFTER;
      options = ReportOptions.defaults(clock.instant()).withZone(z).withStaleAfter(stale);
    } catch (DateTimeException | IllegalArgumentException e) {
      err.println("drill: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    if (loadedPlan != null) {
      options = options.withStaleAfter(loadedPlan.staleAfter());
    }
    if (cluster != null) {
      options = options.withFreshOn(PlanStatus.providers(cluster));
    }
    DrillMetrics.Format format;
    try {
      format = DrillMetrics.Format.valueOf(metricsFormat.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("drill: --metrics-format expects prometheus or openmetrics, got '" + metricsFormat + "'");
      return Main.BAD_INPUT;
    }
    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();
    loaded.warnings().forEach(w -> err.println("warning: " + w));
    ReportModel model = TrendReport.compute(loaded.records(), loaded.warnings(), options);
    ReportWriter.Written written = ReportWriter.write(model, out);
    o.println("read " + loaded.records().size() + " drill records from " + drills
        + (loaded.warnings().isEmpty() ? "" : " (" + loaded.warnings().size() + " skipped)"));
    o.println("wrote " + written.html() + ", " + written.markdown() + ", " + written.json());
    if (metricsFile != null) {
      writeAtomically(metricsFile, DrillMetrics.text(DrillMetrics.of(loaded.records()), format));
      o.println("wrote " + metricsFile + " (" + format.optionName() + " text format)");
    }
    return Main.OK;
  }

  /** Written beside itself and moved into place, so a collector never reads half a file. */
  private static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
