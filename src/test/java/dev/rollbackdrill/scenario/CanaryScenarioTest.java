package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary's scenario fields: what loads with its defaults, and each bad input with its line, before anything changes. */
class CanaryScenarioTest {

  /** A valid canary drill; line numbers in expected messages refer to it. */
  private static final String CANARY =
      """
      name: c
      target:
        namespace: drill-canary
        deployment: demo
        service: demo
      change:
        type: canary
        weight: 5%
      detect:
        type: canary-analysis
        endpoints: [/, /checkout]
        port: 8080
        over: 10s
      rollback:
        procedure: canary-abort
      slo: 10s
      """;

  @TempDir Path dir;

  @Test
  void aCanaryLoadsWithTheAnalysisDefaults() throws Exception {
    Scenario s = ScenarioLoader.load(write(CANARY));
    SchemaAgreement.assertAgrees(dir.resolve("x.yaml"), List.of());

    assertThat(s.change().weight()).isEqualTo(0.05);
    assertThat(s.change().badCanary()).isFalse();
    CanaryRule r = s.detect().canary();
    assertThat(r.endpoints()).containsExactly("/", "/checkout");
    assertThat(r.ratePerSecond()).isEqualTo(CanaryRule.DEFAULT_RATE);
    assertThat(r.criteria()).isEqualTo(dev.rollbackdrill.canary.CanaryCriteria.DEFAULTS);
    assertThat(s.detect().over()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void aWeightOfNothingOrEverythingIsRefused() throws IOException {
    assertThat(problemsIn(CANARY.replace("weight: 5%", "weight: 0%")))
        .containsExactly("x.yaml:8 change.weight: must be greater than 0% and less than 100%, got '0%'");
    assertThat(problemsIn(CANARY.replace("weight: 5%", "weight: 100%")))
        .containsExactly("x.yaml:8 change.weight: must be greater than 0% and less than 100%, got '100%'");
    assertThat(problemsIn(CANARY.replace("  weight: 5%\n", "")))
        .containsExactly("x.yaml:6 change.weight: required when change.type is canary");
  }

  @Test
  void aCanaryNeedsTheServiceItSharesAndItsOwnDetectorAndProcedure() throws IOException {
    assertThat(problemsIn(CANARY.replace("  service: demo\n", "")))
        .containsExactly("x.yaml:6 change.type: canary needs target.service: the Service whose traffic the canary shares"
            + " with the target");
    assertThat(problemsIn(CANARY.replace("procedure: canary-abort", "procedure: rollout-undo")))
        .containsExactly("x.yaml:15 rollback.procedure: rollout-undo needs a new Deployment revision to act on, which a"
            + " canary change does not make; use canary-abort or command");
    assertThat(problemsIn(CANARY.replace("type: canary\n", "type: noop\n").replace("  weight: 5%\n", "")))
        .anyMatch(p -> p.contains("canary-analysis compares a canary with its baseline, and change.type noop makes no"
            + " canary; use change.type canary"));
  }

  @Test
  void aWindowTooShortForTheMinimumSamplesIsRefused() throws IOException {
    assertThat(problemsIn(CANARY.replace("over: 10s", "over: 1s")))
        .containsExactly("x.yaml:13 detect.over: a 1s window at 20/s per track holds 20 samples per track, fewer than"
            + " minSamples 30: the analysis could only be inconclusive; make detect.over longer or detect.rate higher");
  }

  @Test
  void badCriteriaNameTheirField() throws IOException {
    assertThat(problemsIn(CANARY.replace("over: 10s", "over: 10s\n  latencyRatio: 1\n  quantile: median")))
        .containsExactly("x.yaml:14 detect.latencyRatio: must be more than 1 and at most 1000, got 1",
            "x.yaml:15 detect.quantile: expected a quantile such as \"p50\" or \"p99\" (p1 to p99.9...), got 'median'");
    assertThat(problemsIn(CANARY.replace("endpoints: [/, /checkout]", "endpoints: [checkout]")))
        .containsExactly("x.yaml:11 detect.endpoints[0]: must start with '/', got 'checkout'");
  }

  /** The canary with the team's automation deciding and rolling back; a canary it has reason to roll back. */
  private static final String AUTOMATIC = CANARY
      .replace("  weight: 5%\n", "  weight: 5%\n  env:\n    SLOW: \"3\"\n")
      .replace("  type: canary-analysis\n  endpoints: [/, /checkout]\n  port: 8080\n  over: 10s\n", "  type: automation\n")
      .replace("procedure: canary-abort", "procedure: automatic");

  @Test
  void theTeamsAutomationDecidesAndRollsBackTogether() throws Exception {
    Scenario s = ScenarioLoader.load(write(AUTOMATIC));
    SchemaAgreement.assertAgrees(dir.resolve("x.yaml"), List.of());
    assertThat(s.detect().type()).isEqualTo(DetectType.AUTOMATION);
    assertThat(s.rollback().procedure()).isEqualTo(Procedure.AUTOMATIC);
    assertThat(s.detect().canary()).isNull();

    assertThat(problemsIn(AUTOMATIC.replace("procedure: automatic", "procedure: canary-abort")))
        .containsExactly("x.yaml:14 rollback.procedure: detect.type automation waits for the team's automation to roll"
            + " the canary back itself; it needs rollback.procedure automatic, got canary-abort");
    assertThat(problemsIn(CANARY.replace("procedure: canary-abort", "procedure: automatic")
        .replace("  weight: 5%\n", "  weight: 5%\n  fault: crash-on-start\n")))
        .containsExactly("x.yaml:16 rollback.procedure: automatic leaves the rollback to the team's own automation,"
            + " which also decides it; it needs detect.type automation, got canary-analysis");
    assertThat(problemsIn(AUTOMATIC.replace("  env:\n    SLOW: \"3\"\n", "")))
        .containsExactly("x.yaml:12 rollback.procedure: automatic waits for the team's automation to roll back a bad"
            + " canary, and this one has no fault or env: nothing should roll it back; drill a healthy canary with"
            + " detect.type canary-analysis and canary-abort");
    assertThat(problemsIn(AUTOMATIC.replace("  type: automation\n", "  type: automation\n  over: 10s\n")))
        .containsExactly("x.yaml:13 detect.over: only allowed when detect.type is error-rate or canary-analysis");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("x.yaml"), yaml);
  }

  private List<String> problemsIn(String yaml) throws IOException {
    return ScenarioProblems.of(write(yaml), dir);
  }
}
