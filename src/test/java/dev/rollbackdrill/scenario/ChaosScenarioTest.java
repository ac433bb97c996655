package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.timing.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario's chaos: what loads with its defaults, and each bad input with its line, the schema agreeing. */
class ChaosScenarioTest {

  /** A valid drill with chaos; line numbers in expected messages refer to it. */
  private static final String CHAOS =
      """
      name: c
      target:
        namespace: drill-demo
        deployment: demo
      change:
        type: noop
      detect:
        type: rollout-complete
      rollback:
        procedure: rollout-undo
      slo: 30s
      chaos:
        - kind: pod-kill
          during: healthy
          pods: 2
          every: 2s
          for: 6s
        - kind: quota-squeeze
          during: trigger
          after: 1s
      """;

  @TempDir Path dir;

  @Test
  void injectionsLoadWithTheirDefaults() throws Exception {
    Scenario s = ScenarioLoader.load(write(CHAOS));
    SchemaAgreement.assertAgrees(dir.resolve("x.yaml"), List.of());

    assertThat(s.chaos()).containsExactly(
        new Chaos(ChaosKind.POD_KILL, Phase.HEALTHY, Duration.ZERO, Duration.ofSeconds(6), 2, null, false,
            Duration.ofSeconds(2)),
        new Chaos(ChaosKind.QUOTA_SQUEEZE, Phase.TRIGGER, Duration.ofSeconds(1), null, 1, null, false, null));
    assertThat(s.chaos().get(0).describe())
        .isEqualTo("pod-kill: kill 2 pods of the known-good pods, every 2s, as healthy begins, for 6s");
    assertThat(s.chaos().get(1).describe()).isEqualTo("quota-squeeze: a ResourceQuota leaving no room for one more pod in"
        + " the namespace, 1s after trigger begins, until the rollback is over");
    assertThat(ScenarioLoader.load(write(CHAOS.replace("chaos:\n", "x:\n").replaceAll("(?s)x:.*", ""))).chaos())
        .as("no chaos section").isEmpty();
  }

  @Test
  void kindAndPhaseAreRequiredAndNamed() throws IOException {
    assertThat(problemsIn(CHAOS.replace("    during: healthy\n", "")))
        .containsExactly("x.yaml:13 chaos[0].during: required field missing");
    assertThat(problemsIn(CHAOS.replace("during: healthy", "during: verify")))
        .containsExactly("x.yaml:14 chaos[0].during: unknown value 'verify'; expected one of deploy, detect, trigger,"
            + " rollback-accepted, healthy");
    assertThat(problemsIn(CHAOS.replace("kind: pod-kill", "kind: node-drain")))
        .containsExactly("x.yaml:13 chaos[0].kind: unknown value 'node-drain'; expected one of pod-kill, cpu-pressure,"
            + " quota-squeeze, container-kill, api-unavailable");
    assertThat(problemsIn(CHAOS.replace("    pods: 2\n", "    pods: 2\n    podz: 1\n")))
        .containsExactly("x.yaml:16 chaos[0].podz: unknown field; did you mean 'pods'?");
  }

  @Test
  void eachKindTakesOnlyItsOwnFields() throws IOException {
    assertThat(problemsIn(CHAOS.replace("    after: 1s\n", "    after: 1s\n    pods: 3\n")))
        .containsExactly("x.yaml:21 chaos[1].pods: only allowed when kind is pod-kill, container-kill or cpu-pressure");
    assertThat(problemsIn(CHAOS.replace("    pods: 2\n", "    pods: 2\n    share: 50%\n")))
        .containsExactly("x.yaml:16 chaos[0].share: pods or share, not both: how many of the ReplicaSet's pods to kill");
    assertThat(problemsIn(CHAOS.replace("kind: pod-kill", "kind: cpu-pressure").replace("    pods: 2\n", "    pods: 9\n")
        .replace("    every: 2s\n", "")))
        .containsExactly("x.yaml:15 chaos[0].pods: must be between 1 and 8, got 9");
    assertThat(problemsIn(CHAOS.replace("    pods: 2\n", "    pods: 2\n    of: bystander\n")))
        .containsExactly("x.yaml:16 chaos[0].of: unknown value 'bystander'; expected one of known-good, candidate");
    assertThat(problemsIn(CHAOS.replace("every: 2s", "every: 10s")))
        .containsExactly("x.yaml:16 chaos[0].every: longer than the injection lasts (for 6s): it would kill once");
  }

  @Test
  void aContainerKillTakesAPodKillsFieldsAndAnApiOutageNeedsItsLength() throws Exception {
    Scenario s = ScenarioLoader.load(write(CHAOS.replace("kind: pod-kill", "kind: container-kill")
        .replace("kind: quota-squeeze", "kind: api-unavailable").replace("    after: 1s\n", "    after: 1s\n    for: 5s\n")));
    assertThat(s.chaos().get(0).describe()).isEqualTo("container-kill: kill the main process of 2 containers of the"
        + " known-good pods, every 2s, as healthy begins, for 6s");
    assertThat(s.chaos().get(1).describe()).isEqualTo("api-unavailable: the API server stopped, 1s after trigger begins,"
        + " for 5s");

    String api = CHAOS.replace("kind: quota-squeeze", "kind: api-unavailable");
    assertThat(problemsIn(api)).containsExactly("x.yaml:18 chaos[1].for: api-unavailable needs for: how long the API"
        + " server stays stopped");
    assertThat(problemsIn(api.replace("    after: 1s\n", "    after: 1s\n    for: 2m\n")))
        .containsExactly("x.yaml:21 chaos[1].for: at most 1m00s for api-unavailable: every controller of the cluster"
            + " stops with the API server");
    assertThat(problemsIn(api.replace("    after: 1s\n", "    after: 1s\n    for: 5s\n    pods: 2\n")))
        .containsExactly("x.yaml:22 chaos[1].pods: only allowed when kind is pod-kill, container-kill or cpu-pressure");
  }

  @Test
  void onlyARevisionChangeHasACandidateToKill() throws IOException {
    String flag = CHAOS.replace("  type: noop\n", "  type: flag\n  configMap: demo-flags\n  key: risky-path\n  value: \"on\"\n")
        .replace("type: rollout-complete", "type: dwell\n  for: 5s").replace("procedure: rollout-undo", "procedure: kill-switch")
        .replace("slo: 30s\n", "slo: 30s\nhealthy:\n  http:\n    port: 8080\n    path: /\n")
        .replace("    pods: 2\n", "    pods: 2\n    of: candidate\n");
    assertThat(problemsIn(flag)).containsExactly("x.yaml:24 chaos[0].of: a flag change makes no candidate ReplicaSet of"
        + " the target; kill known-good pods");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("x.yaml"), yaml);
  }

  private List<String> problemsIn(String yaml) throws IOException {
    return ScenarioProblems.of(write(yaml), dir);
  }
}
