package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TrapApiServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill run} refuses a production-looking cluster of any kind as bad input, before it
 * connects to anything (the engine judges it for a run, the dry run itself for a plan); configured
 * patterns count too; {@code --allow-production} overrides.
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
  void theDryRunIsRefusedTooAndConnectsToNothing(@TempDir Path dir) throws Exception {
    try (TrapApiServer api = new TrapApiServer()) {
      Path kubeconfig = api.kubeconfig(dir, "prod-eu", "payments-eu");

      Cli byName = Cli.run("run", SCENARIO, "--cluster", "context:prod-eu", "--kubeconfig", kubeconfig.toString(),
          "--dry-run");
      Cli byPattern = Cli.run("run", SCENARIO, "--cluster", "context:payments-eu", "--kubeconfig", kubeconfig.toString(),
          "--production-pattern", "payments", "--dry-run");

      assertThat(byName.exit()).as(byName.out() + byName.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(byName.err()).contains("drill: refused: cluster context:prod-eu looks like production");
      assertThat(byPattern.exit()).as(byPattern.out() + byPattern.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(byPattern.err()).contains("'payments-eu' matches 'payments'");
      assertThat(byName.out() + byPattern.out()).doesNotContain("plan for");
      assertThat(api.connections()).as("connections to the refused clusters").isZero();
    }
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
