package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.report.ReportModel;
import dev.rollbackdrill.report.ReportOptions;
import dev.rollbackdrill.report.ReportWriter;
import dev.rollbackdrill.report.TrendReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
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
        "  drill report --plan drills/plan.yaml"})
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

  @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of the calendar months (default: ${DEFAULT-VALUE}).")
  String zone;

  @Option(names = "--stale-after", defaultValue = "35d",
      description = "A scenario not drilled for longer is flagged stale (default: ${DEFAULT-VALUE}).")
  String staleAfter;

  @Option(names = "--plan", description = "Drill plan whose per-scenario staleAfter periods apply (e.g. drills/plan.yaml).")
  Path plan;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ReportOptions options;
    try {
      options = ReportOptions.defaults(clock.instant())
          .withZone(ZoneId.of(zone))
          .withStaleAfter(ReportOptions.parsePeriod(staleAfter));
    } catch (DateTimeException | IllegalArgumentException e) {
      err.println("drill: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    if (plan != null) {
      try {
        options = options.withStaleAfter(dev.rollbackdrill.plan.PlanLoader.load(plan).staleAfter());
      } catch (dev.rollbackdrill.plan.PlanException e) {
        e.problems().forEach(err::println);
        return Main.BAD_INPUT;
      }
    }
    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();
    loaded.warnings().forEach(w -> err.println("warning: " + w));
    ReportModel model = TrendReport.compute(loaded.records(), loaded.warnings(), options);
    ReportWriter.Written written = ReportWriter.write(model, out);
    o.println("read " + loaded.records().size() + " drill records from " + drills
        + (loaded.warnings().isEmpty() ? "" : " (" + loaded.warnings().size() + " skipped)"));
    o.println("wrote " + written.html() + ", " + written.markdown() + ", " + written.json());
    return Main.OK;
  }
}
