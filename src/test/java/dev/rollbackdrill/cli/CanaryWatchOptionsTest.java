package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code drill canary watch}: its help, and bad options refused with exit 2 before any cluster is touched. */
class CanaryWatchOptionsTest {

  private static final String[] BASE = {"canary", "watch", "-n", "drill-canary", "-d", "demo", "--endpoint", "/", "--port",
      "8080", "--cluster", "context:no-such-context", "--once"};

  private static Cli with(String... more) {
    String[] args = java.util.Arrays.copyOf(BASE, BASE.length + more.length);
    System.arraycopy(more, 0, args, BASE.length, more.length);
    return Cli.run(args);
  }

  @Test
  void helpSaysWhatItDoesWhatItNeedsAndHowItExits() {
    Cli cli = Cli.run("canary", "watch", "--help");

    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).contains("Usage: drill canary watch", "scale a failed canary's", "rollback-drill-canary-watch",
        "patch deployments", "Exit codes: 0", "--latency-ratio", "(default: 2)", "--once");
  }

  @Test
  void theRequiredOptionsAreNamed() {
    Cli cli = Cli.run("canary", "watch", "-n", "drill-canary");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required options", "--deployment", "--endpoint", "--port");
  }

  @Test
  void badValuesAreRefusedWithTheOptionThatCarriesThem() {
    assertThat(with("--quantile", "median").err()).contains("--quantile: expected a quantile such as p50 or p99, got 'median'");
    assertThat(with("--rate", "20").err()).contains("--rate: expected a rate such as 20/s or 600/m, got '20'");
    assertThat(with("--error-margin", "1").err()).contains("--error-margin: expected a percentage such as 1%, got '1'");
    assertThat(with("--latency-ratio", "1").err()).contains("analysis criteria: latency ratio must be more than 1, got 1.0");
    assertThat(with("--window", "1s", "--rate", "10/s").err())
        .contains("--window: 1s at 10/s per track holds 10 samples per track, fewer than --min-samples 30");
    assertThat(with("--window", "1s").exit()).isEqualTo(2);
  }

  @Test
  void anEndpointMustBeAPath() {
    Cli cli = Cli.run("canary", "watch", "-n", "ns", "-d", "demo", "--endpoint", "checkout", "--port", "8080");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("--endpoint: must start with '/', got 'checkout'");
  }
}
