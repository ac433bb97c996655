package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.ToolVersion;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.time.Clock;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code drill} command line. Each subcommand parses its options, delegates to the
 * capability it names and returns an exit code: 0 when everything asked for succeeded (every
 * drill met its SLO), 1 when a drill failed, 2 for bad input, 3 when the environment (cluster,
 * engine) could not be used, 4 when a drill was refused before anything changed and none did
 * worse. The JVM itself exits 130 after Ctrl-C and 143 after SIGTERM, once the shutdown hooks
 * have restored and recorded a drill that was running.
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Rehearsed, measured Kubernetes rollback drills.",
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      ListCommand.class,
      ReportCommand.class,
      PlanCommand.class,
      RecoverCommand.class,
      ClusterCommand.class,
      DbCommand.class,
      CanaryCommand.class,
      InitCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok (every drill met its SLO), 1 a drill failed, 2 bad input,",
      "            3 environment error (cluster unreachable, tool missing),",
      "            4 a drill was refused before anything changed (and none did worse),",
      "            130 stopped by Ctrl-C, 143 stopped by SIGTERM.",
      "",
      "Examples:",
      "  drill run scenarios/noop-undo.yaml          one drill on a throwaway local cluster",
      "  drill run scenarios/ --tag smoke            every scenario tagged smoke",
      "  drill validate scenarios/*.yaml             check files, touch no cluster",
      "  drill report                                render reports/index.html from drills/",
      "  drill plan run --cluster context:staging    run the planned drills that are due",
      "  drill cluster up | down | status            manage the local cluster",
      "  drill canary watch -n NS -d DEPLOY ...      canary automation for automatic-rollback drills",
      "  drill init                                  make this folder your team's drill repository"
    })
public final class Main implements Runnable {

  public static final int OK = 0;
  public static final int DRILL_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int ENVIRONMENT = 3;
  /** A drill was refused in preflight, before anything changed, and no drill gave a worse code. */
  public static final int REFUSED = 4;
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as the JVM exits after its shutdown hooks. */
  public static final int INTERRUPTED = 130;
  /** Stopped by SIGTERM: 128 + 15. */
  public static final int TERMINATED = 143;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line in-process, for tests and for {@link #main}. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, Clock.systemUTC());
  }

  /** Runs the command line in-process with {@code clock} as every command's "now". */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
    return commandLine(out, err, clock).execute(args);
  }

  /**
   * The configured command line: output, error handling, and {@code clock} handed to every command
   * that takes one in its constructor (the commands themselves never read the wall clock).
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Clock clock) {
    CommandLine cl = new CommandLine(new Main(), new ClockFactory(clock));
    // Wide enough that option descriptions and examples do not wrap mid-phrase.
    cl.setUsageHelpWidth(100);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> ENVIRONMENT);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("drill: " + ex.getMessage());
          ex.getCommandLine()
              .getErr()
              .println("Try 'drill " + qualified(ex.getCommandLine()) + "--help' for usage.");
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parseResult) -> {
          c.getErr().println("drill: " + ex.getMessage());
          if (Boolean.getBoolean("rollbackdrill.debug")) {
            ex.printStackTrace(c.getErr());
          }
          return ENVIRONMENT;
        });
    return cl;
  }

  /** Creates commands, giving those with a {@code (Clock)} constructor the command line's clock. */
  private static final class ClockFactory implements CommandLine.IFactory {
    private final Clock clock;

    ClockFactory(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<K> withClock;
      try {
        withClock = type.getDeclaredConstructor(Clock.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
      withClock.setAccessible(true);
      return withClock.newInstance(clock);
    }
  }

  private static String qualified(CommandLine c) {
    String name = c.getCommandSpec().qualifiedName(" ");
    String rest = name.startsWith("drill") ? name.substring("drill".length()).trim() : name;
    return rest.isEmpty() ? "" : rest + " ";
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rollback-drill " + ToolVersion.current()};
    }
  }
}
