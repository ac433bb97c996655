package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario fields for blue-green switches, kill switches, roll-forward, error-rate detection
 * and synthetic load: what loads, its defaults, and every mistake with the exact line a user sees.
 */
class ScenarioLoaderProceduresTest {

  /** A valid blue-green drill; line numbers in expected messages refer to it. */
  private static final String SWITCH =
      """
      name: bg
      target:
        namespace: drill-demo
        deployment: demo-blue
        service: demo
      change:
        type: switch
        to: green
      detect:
        type: error-rate
        above: 5%
        over: 10s
      rollback:
        procedure: blue-green-switch
      load:
        path: /cgi-bin/app
        port: 8080
      slo: 30s
      """;

  /** A valid kill-switch drill. */
  private static final String FLAG =
      """
      name: flag
      target:
        namespace: drill-demo
        deployment: demo
      change:
        type: flag
        configMap: demo-flags
        key: risky-path
      detect:
        type: dwell
        for: 5s
      rollback:
        procedure: kill-switch
      healthy:
        http:
          port: 8080
          path: /cgi-bin/app
      slo: 30s
      """;

  /** A valid roll-forward drill. */
  private static final String FORWARD =
      """
      name: forward
      target:
        namespace: drill-demo
        deployment: demo
      change:
        type: broken
        fault: bad-config
        env: {DEMO_FAULT: http500}
      detect:
        type: dwell
        for: 5s
      rollback:
        procedure: roll-forward
        image: rollback-drill/demo:v3
        env:
          DEMO_FAULT: none
      slo: 30s
      """;

  @TempDir Path dir;

  @Test
  void loadsABlueGreenSwitchWithErrorRateDetectionAndLoadDefaults() throws Exception {
    Scenario s = load(write(SWITCH));

    assertThat(s.target()).isEqualTo(new Target("drill-demo", "demo-blue", null, null, "demo"));
    assertThat(s.change().type()).isEqualTo(ChangeType.SWITCH);
    assertThat(s.change().switchTo()).isEqualTo(new Change.Switch("color", "green"));
    assertThat(s.change().flag()).isNull();
    assertThat(s.detect()).isEqualTo(new Detect(DetectType.ERROR_RATE, null, 0, null, 0.05, Duration.ofSeconds(10)));
    assertThat(s.rollback().procedure()).isEqualTo(Procedure.BLUE_GREEN_SWITCH);
    assertThat(s.load())
        .isEqualTo(new Load(10, "/cgi-bin/app", "demo", 8080, Duration.ofSeconds(5), Duration.ofMinutes(10), 6000));
    assertThat(s.load().rate()).isEqualTo("10/s");
    assertThat(s.load().describe()).isEqualTo("services/demo:8080/proxy/cgi-bin/app");
  }

  @Test
  void loadsEveryLoadField() throws Exception {
    Scenario s = load(write(SWITCH.replace("  port: 8080\n",
        "  port: 8080\n  rate: 90/m\n  service: front\n  timeout: 2s\n  maxDuration: 3m\n  maxRequests: 50\n")));

    assertThat(s.load())
        .isEqualTo(new Load(1.5, "/cgi-bin/app", "front", 8080, Duration.ofSeconds(2), Duration.ofMinutes(3), 50));
    assertThat(s.load().rate()).isEqualTo("1.5/s");
  }

  @Test
  void loadsAKillSwitchWithTheDefaultFlagValue() throws Exception {
    Scenario s = load(write(FLAG));

    assertThat(s.change().flag()).isEqualTo(new Change.Flag("demo-flags", "risky-path", "on"));
    assertThat(s.rollback().procedure()).isEqualTo(Procedure.KILL_SWITCH);
    assertThat(s.load()).isNull();
  }

  @Test
  void loadsARollForwardWithItsFix() throws Exception {
    Scenario s = load(write(FORWARD));

    assertThat(s.rollback())
        .isEqualTo(new Rollback(Procedure.ROLL_FORWARD, null, null, null, "rollback-drill/demo:v3",
            Map.of("DEMO_FAULT", "none")));
  }

  @Test
  void acceptsAPrefixedColourLabel() throws Exception {
    Scenario s = load(write(SWITCH.replace("  to: green\n", "  to: green\n  label: example.com/slot\n")));

    assertThat(s.change().switchTo()).isEqualTo(new Change.Switch("example.com/slot", "green"));
  }

  // Invalid input: each with the exact line a user would see.

  @Test
  void switchNeedsTheTargetsService() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  service: demo\n", "")))
        .containsExactly(
            "x.yaml:6 change.type: switch needs target.service: the Service whose selector the drill"
                + " points at another colour",
            "x.yaml:14 load.service: required when target.service is not set");
  }

  @Test
  void switchNeedsAColourAndRefusesRevisionFields() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  to: green\n", "  fault: crash-on-start\n  env: {A: b}\n")))
        .containsExactly(
            "x.yaml:6 change.to: required when change.type is switch",
            "x.yaml:8 change.fault: not allowed when change.type is switch",
            "x.yaml:9 change.env: not allowed when change.type is switch");
  }

  @Test
  void rejectsAColourThatIsNoLabelValue() throws Exception {
    assertThat(problemsIn(SWITCH.replace("to: green", "to: green!")))
        .containsExactly(
            "x.yaml:8 change.to: 'green!' is not a valid label value (letters, digits, '-', '_' and '.',"
                + " starting and ending with a letter or digit, at most 63 characters)");
  }

  @Test
  void flagFieldsAreOnlyForFlagChanges() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  to: green\n", "  to: green\n  key: risky-path\n")))
        .containsExactly("x.yaml:9 change.key: only allowed when change.type is flag");
  }

  @Test
  void undoCannotRollBackASwitch() throws Exception {
    assertThat(problemsIn(SWITCH.replace("procedure: blue-green-switch", "procedure: rollout-undo")))
        .containsExactly(
            "x.yaml:14 rollback.procedure: rollout-undo needs a new Deployment revision to act on, which a"
                + " switch change does not make; use blue-green-switch or command");
  }

  @Test
  void aRolloutSignalCannotDetectASwitch() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  type: error-rate\n  above: 5%\n  over: 10s\n", "  type: crash-looping\n")))
        .containsExactly(
            "x.yaml:10 detect.type: crash-looping watches the rollout of a new Deployment revision, which a"
                + " switch change does not make; use error-rate or dwell");
  }

  @Test
  void killSwitchOnlyTurnsOffAFlag() throws Exception {
    assertThat(problemsIn(FORWARD.replace("  procedure: roll-forward\n  image: rollback-drill/demo:v3\n  env:\n    DEMO_FAULT: none\n",
            "  procedure: kill-switch\n")))
        .containsExactly(
            "x.yaml:13 rollback.procedure: kill-switch turns a flag off after a flag change; with"
                + " change.type broken use rollout-undo or command");
  }

  @Test
  void blueGreenSwitchOnlySwitchesAService() throws Exception {
    assertThat(problemsIn(FLAG.replace("procedure: kill-switch", "procedure: blue-green-switch")))
        .containsExactly(
            "x.yaml:13 rollback.procedure: blue-green-switch switches a Service back after a switch change;"
                + " with change.type flag use kill-switch or command");
  }

  @Test
  void flagNeedsItsConfigMapKeyAndAnHttpCheck() throws Exception {
    String yaml = FLAG.replace("  configMap: demo-flags\n  key: risky-path\n", "")
        .replace("healthy:\n  http:\n    port: 8080\n    path: /cgi-bin/app\n", "");
    assertThat(problemsIn(yaml))
        .containsExactly(
            "x.yaml:1 healthy.http: required when change.type is flag: the kill switch has worked when the"
                + " risky path answers well again, checked there",
            "x.yaml:5 change.configMap: required when change.type is flag",
            "x.yaml:5 change.key: required when change.type is flag");
  }

  @Test
  void aFlagValueMustBeText() throws Exception {
    assertThat(problemsIn(FLAG.replace("  key: risky-path\n", "  key: risky-path\n  value: on\n")))
        .containsExactly(
            "x.yaml:9 change.value: expected text, got boolean on; write \"on\" if it is meant as text");
  }

  @Test
  void errorRateNeedsALoadSection() throws Exception {
    assertThat(problemsIn(SWITCH.replace("load:\n  path: /cgi-bin/app\n  port: 8080\n", "")))
        .containsExactly(
            "x.yaml:10 detect.type: error-rate needs a load section: the error rate is that of the load's"
                + " requests");
  }

  @Test
  void errorRateNeedsAPercentageAndAWindow() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  above: 5%\n  over: 10s\n", "  above: 5\n")))
        .containsExactly(
            "x.yaml:9 detect.over: required when detect.type is error-rate",
            "x.yaml:11 detect.above: expected a percentage such as \"5%\", got '5' (no '%')");
    assertThat(problemsIn(SWITCH.replace("above: 5%", "above: 100%")))
        .containsExactly("x.yaml:11 detect.above: must be greater than 0% and less than 100%, got '100%'");
  }

  @Test
  void errorRateFieldsBelongToErrorRateOnly() throws Exception {
    assertThat(problemsIn(FLAG.replace("  for: 5s\n", "  for: 5s\n  above: 5%\n")))
        .containsExactly("x.yaml:12 detect.above: only allowed when detect.type is error-rate");
  }

  @Test
  void errorRateNeverFiresForANoopChange() throws Exception {
    String yaml = FORWARD.replace("  type: broken\n  fault: bad-config\n  env: {DEMO_FAULT: http500}\n", "  type: noop\n")
        .replace("  type: dwell\n  for: 5s\n", "  type: error-rate\n  above: 5%\n  over: 10s\n")
        .replace("slo: 30s", "load: {path: /, port: 80, service: demo}\nslo: 30s");
    assertThat(problemsIn(yaml))
        .containsExactly(
            "x.yaml:8 detect.type: error-rate never fires for a noop change, which stays healthy; use"
                + " rollout-complete or dwell");
  }

  @Test
  void anErrorRateWindowMustHoldEnoughRequests() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  port: 8080\n", "  port: 8080\n  rate: 1/s\n").replace("over: 10s", "over: 5s")))
        .containsExactly(
            "x.yaml:12 detect.over: a 5s window at 1/s holds fewer than 10 requests, too few for an error"
                + " rate; make it longer or load.rate higher");
  }

  @Test
  void rejectsRatesWithoutUnitOutOfRangeOrMisspelt() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  port: 8080\n", "  port: 8080\n  rate: 10\n")))
        .containsExactly("x.yaml:18 load.rate: '10' has no unit; write e.g. \"10/s\"");
    assertThat(problemsIn(SWITCH.replace("  port: 8080\n", "  port: 8080\n  rate: 500/s\n")))
        .containsExactly(
            "x.yaml:18 load.rate: must be greater than 0 and at most 100/s (the requests go through the"
                + " API server), got '500/s'");
    assertThat(problemsIn(SWITCH.replace("  port: 8080\n", "  port: 8080\n  rate: 10 per second\n")))
        .containsExactly("x.yaml:18 load.rate: invalid rate '10 per second'; write e.g. \"10/s\" or \"600/m\"");
  }

  @Test
  void loadNeedsAPathAndAPort() throws Exception {
    assertThat(problemsIn(SWITCH.replace("  path: /cgi-bin/app\n  port: 8080\n", "  path: cgi-bin/app\n")))
        .containsExactly(
            "x.yaml:15 load.port: required field missing",
            "x.yaml:16 load.path: must start with '/', got 'cgi-bin/app'");
  }

  @Test
  void rollForwardNeedsAFix() throws Exception {
    assertThat(problemsIn(FORWARD.replace("  image: rollback-drill/demo:v3\n  env:\n    DEMO_FAULT: none\n", "")))
        .containsExactly(
            "x.yaml:13 rollback.procedure: roll-forward needs image or env (or both): the fixed release it"
                + " deploys over the broken one");
    assertThat(problemsIn(FORWARD.replace("  image: rollback-drill/demo:v3\n  env:\n    DEMO_FAULT: none\n", "  env: {}\n")))
        .containsExactly("x.yaml:14 rollback.env: must not be empty: it is the fix");
  }

  @Test
  void theFixBelongsToRollForwardOnly() throws Exception {
    assertThat(problemsIn(FORWARD.replace("procedure: roll-forward", "procedure: rollout-undo")))
        .containsExactly(
            "x.yaml:14 rollback.image: only allowed when rollback.to is image or rollback.procedure is roll-forward",
            "x.yaml:15 rollback.env: only allowed when rollback.procedure is roll-forward");
    assertThat(problemsIn(FORWARD.replace("  image: rollback-drill/demo:v3\n", "  image: rollback-drill/demo:v3\n  to: previous\n")))
        .containsExactly("x.yaml:15 rollback.to: only allowed when rollback.procedure is rollout-undo");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("x.yaml"), yaml);
  }

  /** The scenario in {@code file}, which the schema must accept too. */
  private static Scenario load(Path file) throws ScenarioException {
    Scenario s = ScenarioLoader.load(file);
    SchemaAgreement.assertAgrees(file, List.of());
    return s;
  }

  /** The problems {@code yaml} has, without the temporary folder's path in front; the schema must agree. */
  private List<String> problemsIn(String yaml) throws IOException {
    return ScenarioProblems.of(write(yaml), dir);
  }
}
