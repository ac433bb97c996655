package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.plan.Plan;
import dev.rollbackdrill.plan.PlanException;
import dev.rollbackdrill.plan.PlanLoader;
import dev.rollbackdrill.plan.PlanStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drill plan}: the drill plan ({@code drills/plan.yaml}): what is drilled when, who runs
 * the drills this month, and running the drills that are due. The plan itself is read by {@link
 * PlanLoader}; these commands only parse, delegate and print.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "The drill plan: schedules, the rotation of who drills, staleness.",
      "drills/plan.yaml says which scenarios are drilled on which",
      "schedule (cron), who executes the drills each month (the rotation), and",
      "how long a scenario may go undrilled before it is stale (staleAfter)."
    },
    subcommands = {PlanCommand.Show.class, PlanCommand.Who.class, PlanCommand.RunDue.class},
    footer = {"", "Examples:",
        "  drill plan show                           status of every planned drill",
        "  drill plan who --month 2026-12            who executes December's drills",
        "  drill plan run --cluster context:staging  run what is due"})
final class PlanCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** The plan, or null after printing its problems. */
  static Plan load(Path file, PrintWriter err) {
    try {
      return PlanLoader.load(file);
    } catch (PlanException e) {
      e.problems().forEach(err::println);
      err.println("drill: " + e.problems().size() + " problem(s) in the plan " + file);
      return null;
    }
  }

  static String when(Instant t, ZoneId zone) {
    return t == null ? "never" : WHEN.format(t.atZone(zone));
  }

  static Instant parseAt(String at, Clock clock) {
    return at == null ? clock.instant() : Instant.parse(at);
  }

  /** {@code drill plan show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Validate the plan and show what is due, what is stale, whose turn it is.",
          "Prints every planned drill's schedule, staleness period, last and next",
          "run, then the rotation. Touches no cluster."},
      footer = {"", "Exit codes: 0 the plan is valid, 2 it has problems",
          "            (each printed as file:line field: message)."})
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    Show() {
      this(Clock.systemUTC());
    }

    /** With {@code clock} as "now" (Main's factory passes the command line's clock). */
    Show(Clock clock) {
      this.clock = clock;
    }

    @Option(names = "--plan", defaultValue = "drills/plan.yaml", description = "The plan file (default: ${DEFAULT-VALUE}).")
    Path planFile;

    @Option(names = "--drills", defaultValue = "drills", description = "Drill history folder (default: ${DEFAULT-VALUE}).")
    Path drills;

    @Option(names = {"-c", "--cluster"}, defaultValue = "embedded",
        description = "Count runs on this cluster, as given to drill run --cluster (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Evaluate at this time, e.g. 2026-12-01T06:00:00Z (default: now).")
    String at;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Instant now;
      try {
        now = parseAt(at, clock);
      } catch (DateTimeParseException e) {
        err.println("drill: --at: not an instant like 2026-12-01T06:00:00Z: " + at);
        return Main.BAD_INPUT;
      }
      Plan plan = load(planFile, err);
      if (plan == null) {
        return Main.BAD_INPUT;
      }
      DrillHistory.Loaded history = Files.isDirectory(drills) ? new DrillHistory(drills).readAll()
          : new DrillHistory.Loaded(List.of(), List.of());
      List<PlanStatus> status = PlanStatus.of(plan, history.records(), now, PlanStatus.onCluster(cluster));
      ZoneId zone = plan.zone();
      out.println("plan " + planFile + " (" + plan.drills().size() + " drills; times in " + zone + "; runs on "
          + cluster + " in " + drills + ")");
      out.println();
      out.printf("%-30s %-16s %-7s %-17s %-17s %s%n", "scenario", "schedule", "stale", "last run", "next run", "status");
      for (PlanStatus s : status) {
        String state = s.due() ? (s.stale() ? "DUE, STALE" : "DUE") : s.stale() ? "STALE" : "ok";
        out.printf("%-30s %-16s %-7s %-17s %-17s %s%n", s.drill().scenario(), s.drill().schedule(),
            PlanLoader.formatPeriod(s.drill().staleAfter()), when(s.lastRun(), zone), when(s.nextFire(), zone), state);
      }
      out.println();
      if (plan.rotation() == null) {
        out.println("rotation: none (records name whoever runs the drills)");
      } else {
        YearMonth month = plan.monthOf(now);
        out.println("rotation: " + String.join(", ", plan.rotation().roster()) + ", from " + plan.rotation().start()
            + (plan.rotation().overrides().isEmpty() ? "" : "; overrides: " + plan.rotation().overrides().entrySet()
                .stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))));
        out.println("this month (" + month + "): " + plan.executorFor(month).orElseThrow()
            + "; next month (" + month.plusMonths(1) + "): " + plan.executorFor(month.plusMonths(1)).orElseThrow());
      }
      return Main.OK;
    }
  }

  /** {@code drill plan who}. */
  @Command(name = "who", mixinStandardHelpOptions = true,
      description = {"Print who executes the drills in a month, from the plan's rotation.",
          "Just the name, for scripts; with --months N, a table of N months."},
      footer = {"", "Exit codes: 0 printed, 2 invalid plan or no rotation in it.", "",
          "Examples:", "  drill plan who", "  drill plan who --month 2026-12 --months 6"})
  static final class Who implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    Who() {
      this(Clock.systemUTC());
    }

    /** With {@code clock} as "now" (Main's factory passes the command line's clock). */
    Who(Clock clock) {
      this.clock = clock;
    }

    @Option(names = "--plan", defaultValue = "drills/plan.yaml", description = "The plan file (default: ${DEFAULT-VALUE}).")
    Path planFile;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: this month in the plan's time zone).")
    String month;

    @Option(names = "--months", defaultValue = "1", description = "How many months to list (default: ${DEFAULT-VALUE}).")
    int months;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (months < 1 || months > 120) {
        err.println("drill: --months must be between 1 and 120");
        return Main.BAD_INPUT;
      }
      Plan plan = load(planFile, err);
      if (plan == null) {
        return Main.BAD_INPUT;
      }
      if (plan.rotation() == null) {
        err.println("drill: the plan " + planFile + " has no rotation; add rotation: {start: YYYY-MM, roster: [...]}");
        return Main.BAD_INPUT;
      }
      YearMonth from;
      try {
        from = month == null ? plan.monthOf(clock.instant()) : YearMonth.parse(month);
      } catch (DateTimeParseException e) {
        err.println("drill: --month: not a month like 2026-12: " + month);
        return Main.BAD_INPUT;
      }
      if (months == 1) {
        out.println(plan.executorFor(from).orElseThrow());
      } else {
        for (int i = 0; i < months; i++) {
          out.println(from.plusMonths(i) + "  " + plan.executorFor(from.plusMonths(i)).orElseThrow());
        }
      }
      return Main.OK;
    }
  }

  /** {@code drill plan run}: picks what is due and who runs it, then hands over to {@code drill run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {
        "Run the planned drills that are due, as this month's executor.",
        "Due: the drill's schedule fired since its last recorded run on this",
        "cluster, or it never ran. The executor comes from the rotation and is",
        "recorded as executedBy. Every other option is passed to drill run",
        "(e.g. --kubeconfig, --junit-xml, --allow-namespace, --dry-run).",
        "Meant for a scheduler (CI cron, a CronJob) that may wake up more often",
        "than the schedules fire: a drill runs once per firing."},
      footer = {"", "Exit codes: those of drill run (0 every drill met its SLO, 1 a drill failed, 2 bad input,",
          "            3 the cluster could not be used, 4 a drill was refused before anything changed,",
          "            130 Ctrl-C, 143 SIGTERM); 0 when nothing is due.", "",
          "Examples:",
          "  drill plan run --cluster context:staging --kubeconfig k.yaml \\",
          "      --report reports",
          "  drill plan run --all --dry-run",
          "  drill plan run --cluster in-cluster:staging --tag in-cluster"})
  static final class RunDue implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    RunDue() {
      this(Clock.systemUTC());
    }

    /** With {@code clock} as "now" (Main's factory passes the command line's clock). */
    RunDue(Clock clock) {
      this.clock = clock;
    }

    @Option(names = "--plan", defaultValue = "drills/plan.yaml", description = "The plan file (default: ${DEFAULT-VALUE}).")
    Path planFile;

    @Option(names = "--drills", defaultValue = "drills", description = "Drill history folder (default: ${DEFAULT-VALUE}).")
    Path drills;

    @Option(names = {"-c", "--cluster"}, defaultValue = "embedded",
        description = "embedded (default), local, k3s, context:NAME or in-cluster[:NAME], as for drill run.")
    String cluster;

    @Option(names = "--all", description = "Run every planned drill, due or not.")
    boolean all;

    @Option(names = "--executed-by", description = "Record this name instead of the rotation's.")
    String executedBy;

    @Option(names = {"-t", "--tag"}, paramLabel = "TAG",
        description = "Only planned drills whose scenario has this tag (repeatable; any matches), e.g. in-cluster"
            + " for the CronJob, whose image has no shell and no kubectl.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--report", paramLabel = "DIR",
        description = "Afterwards, render the trend report from the history into DIR (drill report), pass or fail.")
    Path report;

    @CommandLine.Unmatched
    List<String> passThrough = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Plan plan = load(planFile, err);
      if (plan == null) {
        return Main.BAD_INPUT;
      }
      Instant now = clock.instant();
      DrillHistory.Loaded history = Files.isDirectory(drills) ? new DrillHistory(drills).readAll()
          : new DrillHistory.Loaded(List.of(), List.of());
      List<PlanStatus> planned = PlanStatus.of(plan, history.records(), now, PlanStatus.onCluster(cluster));
      // Drills this runner cannot run (e.g. a runbook command in the shell-less CronJob image) are
      // left out before anything is due, so they are neither run nor counted here.
      List<PlanStatus> status = planned.stream().filter(s -> s.drill().taggedAnyOf(tags)).toList();
      String tagged = tags.isEmpty() ? "" : "tagged " + String.join(" or ", tags) + " ";
      if (status.isEmpty()) {
        err.println("drill: no drill in the plan " + planFile + " has a scenario " + tagged
            + "(add the tag to the tags: of the scenarios this runner should drill)");
        return Main.BAD_INPUT;
      }
      List<PlanStatus> selected = status.stream().filter(s -> all || s.due()).toList();
      String who = executedBy != null ? executedBy : plan.executorFor(plan.monthOf(now)).orElse(null);
      out.println("plan " + planFile + ": " + selected.size() + " of " + status.size() + " drills " + tagged
          + (all ? "selected (--all)" : "due") + (who == null ? "" : "; executed by " + who
          + (executedBy != null ? " (--executed-by)" : " (rotation for " + plan.monthOf(now) + ")")));
      if (status.size() < planned.size()) {
        out.println("  not " + tagged + "so not run here: " + planned.stream()
            .filter(s -> !s.drill().taggedAnyOf(tags)).map(s -> s.drill().scenario()).collect(Collectors.joining(", ")));
      }
      for (PlanStatus s : selected) {
        out.println("  " + s.drill().scenario() + " (" + s.drill().file() + "): schedule '" + s.drill().schedule()
            + "' last fired " + when(s.lastFired(), plan.zone()) + ", last run " + when(s.lastRun(), plan.zone()));
      }
      int exit = Main.OK;
      if (selected.isEmpty()) {
        status.stream().filter(s -> s.nextFire() != null).min((a, b) -> a.nextFire().compareTo(b.nextFire()))
            .ifPresent(s -> out.println("nothing is due; next: " + s.drill().scenario() + " at "
                + when(s.nextFire(), plan.zone()) + " " + plan.zone()));
      } else {
        out.flush();
        List<String> args = new ArrayList<>();
        args.add("run");
        selected.stream().map(s -> s.drill().file().toString()).forEach(args::add);
        args.addAll(List.of("--cluster", cluster, "--drills", drills.toString()));
        if (who != null) {
          args.addAll(List.of("--executed-by", who));
        }
        args.addAll(passThrough);
        exit = delegate(args, err);
      }
      if (report != null) {
        List<String> args = new ArrayList<>(List.of("report", "--drills", drills.toString(), "--out", report.toString()));
        CommandLine reportCommand = spec.root().commandLine().getSubcommands().get("report");
        if (reportCommand != null && reportCommand.getCommandSpec().findOption("--plan") != null) {
          args.addAll(List.of("--plan", planFile.toString()));
        }
        if (reportCommand != null && reportCommand.getCommandSpec().findOption("--cluster") != null) {
          // Stale in the report by the rule that made drills due here: runs on this cluster.
          args.addAll(List.of("--cluster", cluster));
        }
        int reported = delegate(args, err);
        exit = exit != Main.OK ? exit : reported;
      }
      return exit;
    }

    /** Runs another subcommand of the root command line with the same output and exit codes. */
    private int delegate(List<String> args, PrintWriter err) {
      CommandLine sub = spec.root().commandLine().getSubcommands().get(args.get(0));
      if (sub == null) {
        err.println("drill: this build has no 'drill " + args.get(0) + "' command");
        return Main.ENVIRONMENT;
      }
      return sub.execute(args.subList(1, args.size()).toArray(String[]::new));
    }
  }
}
