package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TrapApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill run} refuses a production-looking cluster of any kind as bad input, before it
 * connects to anything; configured patterns count too; {@code --allow-production} overrides.
 */
class ProductionGuardTest {

  private static final String SCENARIO = Scenarios.examples().resolve("noop-undo.yaml").toString();

  @Test
  void anInClusterNameThatLooksLikeProductionIsRefused(@TempDir Path dir) {
    Cli cli = Cli.run("run", SCENARIO, "--cluster", "in-cluster:prod", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("drill: refused: cluster in-cluster:prod looks like production")
        .contains("--allow-production");
    assertThat(cli.out()).doesNotContain("==>");
  }

  @Test
  void aConfiguredPatternRefusesAContextAndTheOverrideGoesThrough(@TempDir Path dir) throws Exception {
    try (TrapApiServer api = new TrapApiServer()) {
      Path kubeconfig = api.kubeconfig(dir, "payments-eu");

      Cli refused = Cli.run("run", SCENARIO, "--cluster", "context:payments-eu", "--kubeconfig", kubeconfig.toString(),
          "--production-pattern", "payments", "--no-record", "--junit-xml", dir.resolve("junit").toString());
      Cli plain = Cli.run("run", SCENARIO, "--cluster", "context:payments-eu", "--kubeconfig", kubeconfig.toString(),
          "--dry-run");

      assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(refused.err()).contains("'payments-eu' matches 'payments'");
      int before = api.connections();
      assertThat(before).as("only the unguarded dry run connected").isPositive();

      Cli allowed = Cli.run("run", SCENARIO, "--cluster", "context:payments-eu", "--kubeconfig", kubeconfig.toString(),
          "--production-pattern", "payments", "--allow-production", "--no-record",
          "--junit-xml", dir.resolve("junit").toString());
      assertThat(allowed.exit()).as(allowed.out() + allowed.err()).isEqualTo(Main.ENVIRONMENT);
      assertThat(api.connections()).isGreaterThan(before);
      assertThat(plain.exit()).isEqualTo(Main.ENVIRONMENT);
    }
  }
}
