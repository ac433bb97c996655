package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.rollbackdrill.engine.DrillOptions;
import dev.rollbackdrill.testing.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code drill run}'s flags become one {@link DrillOptions}: the engine reads back exactly what the
 * command line wrote, and the dry run plans with the very same object, so a flag cannot mean one
 * thing in a run and another in its dry run.
 */
class RunOptionsTest {

  private static final String SCENARIO = Scenarios.examples().resolve("noop-undo.yaml").toString();

  /** The options {@code drill run ARGS} would run with, parsed and not run. */
  private static DrillOptions options(String... args) {
    CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Clock.systemUTC());
    cl.parseArgs(args);
    RunCommand run = cl.getSubcommands().get("run").getCommand();
    return run.options();
  }

  /** What the engine reads from {@code options}' configuration parameters, through the launcher's own request. */
  private static DrillOptions engineReads(DrillOptions options) {
    return DrillOptions.from(request().configurationParameters(options.toConfigurationParameters())
        .enableImplicitConfigurationParameters(false).build().getConfigurationParameters());
  }

  @Test
  void theEngineAndTheDryRunGetExactlyWhatTheFlagsSaid() {
    DrillOptions given = options("run", SCENARIO, "--cluster", "context:staging", "--kubeconfig", "ci/k.yaml",
        "-n", "3", "--executed-by", "alice", "--no-record",
        "--allow-namespace", "team-a,team-b", "--allow-namespace", " team-c",
        "--as", "system:serviceaccount:oncall:rollback", "--as-group", "oncall,sre",
        "--allow-production", "--production-pattern", "eu-main", "--production-pattern", "payments");

    assertThat(engineReads(given)).isEqualTo(given);
    assertThat(engineReads(given).runnerOptions()).as("the run's guard and the dry run's plan")
        .isEqualTo(given.runnerOptions());
    assertThat(given.runnerOptions().allowedNamespaces()).containsExactlyInAnyOrder("team-a", "team-b", "team-c");
    assertThat(given.runnerOptions().asGroups()).containsExactly("oncall", "sre");
    assertThat(given.cluster()).isEqualTo("context:staging");
    assertThat(given.kubeconfig()).isEqualTo(Path.of("ci/k.yaml"));
    assertThat(given.iterations()).isEqualTo(3);
    assertThat(given.executedBy()).isEqualTo("alice");
    assertThat(given.drills()).as("--no-record").isNull();
    assertThat(given.allowProduction()).isTrue();
    assertThat(given.productionPatterns()).containsExactly("eu-main", "payments");
  }

  @Test
  void withoutFlagsTheOptionsAreTheDefaults() {
    DrillOptions given = options("run", SCENARIO);

    assertThat(given).isEqualTo(DrillOptions.DEFAULTS);
    assertThat(engineReads(given)).isEqualTo(given);
    assertThat(options("run", SCENARIO, "--drills", "team/drills").drills()).isEqualTo(Path.of("team/drills"));
  }

  @Test
  void iterationsOutOfRangeAreBadInputInTheFlagsOwnWords() {
    for (String n : List.of("0", "101")) {
      Cli cli = Cli.run("run", SCENARIO, "--iterations", n, "--dry-run");

      assertThat(cli.exit()).as(n).isEqualTo(Main.BAD_INPUT);
      assertThat(cli.err()).isEqualTo("drill: --iterations must be between 1 and 100\n");
    }
  }
}
