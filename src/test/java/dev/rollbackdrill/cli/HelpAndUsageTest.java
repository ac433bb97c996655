package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line explains itself and answers bad usage with exit code 2, touching nothing. */
class HelpAndUsageTest {

  @Test
  void helpListsEveryCommandWithExitCodesAndExamples() {
    Cli cli = Cli.run("--help");

    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).contains("run", "validate", "list", "report", "plan", "recover", "cluster")
        .contains("Exit codes:").contains("drill run scenarios/noop-undo.yaml");
  }

  @Test
  void everyCommandHasHelpThatExitsZero() {
    for (String c : new String[] {"run", "validate", "list", "report", "plan", "recover", "cluster", "canary"}) {
      Cli cli = Cli.run(c, "--help");
      assertThat(cli.exit()).as(c).isZero();
      assertThat(cli.out()).as(c).startsWith("Usage: drill " + c);
    }
  }

  @Test
  void badUsageExitsTwoAndPointsAtHelp() {
    Cli missing = Cli.run("run");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter").contains("drill run --help");

    Cli unknown = Cli.run("rollback-everything");
    assertThat(unknown.exit()).isEqualTo(2);

    Cli badOption = Cli.run("run", "scenarios/noop-undo.yaml", "--iterations", "0");
    assertThat(badOption.exit()).isEqualTo(2);
    assertThat(badOption.err()).contains("--iterations must be between 1 and 100");
  }
}
