package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleScenariosTest {

  /** The project's {@code scenarios/} folder, where the examples and the schema live. */
  static Path scenariosFolder() {
    String projectDir = System.getProperty("rollbackdrill.projectDir");
    Path base = projectDir == null || projectDir.isBlank() ? Path.of("") : Path.of(projectDir);
    return base.resolve("scenarios");
  }

  @Test
  void everyExampleScenarioLoadsWithoutProblems() throws Exception {
    List<Scenario> examples = ScenarioLoader.loadAll(List.of(scenariosFolder()));

    assertThat(examples)
        .extracting(Scenario::name)
        .containsExactly(
            "crashloop-undo-to-revision",
            "impossible-slo",
            "noop-undo",
            "runbook-command",
            "unready-undo");
    assertThat(examples)
        .allSatisfy(s -> assertThat(s.target()).isEqualTo(new Target("drill-demo", "demo", "demo", Fixture.DEMO)))
        .allSatisfy(
            s ->
                assertThat(s.healthy().http())
                    .isEqualTo(new HttpCheck(8080, "/cgi-bin/app", null, 200, 3)));
  }

  @Test
  void impossibleSloIsUnreadyUndoWithAnSloNoRollbackCanMeet() throws Exception {
    Scenario unready = ScenarioLoader.load(scenariosFolder().resolve("unready-undo.yaml"));
    Scenario impossible = ScenarioLoader.load(scenariosFolder().resolve("impossible-slo.yaml"));

    assertThat(impossible.slo()).isEqualTo(Duration.ofMillis(1));
    assertThat(impossible.tags()).contains("demo-failure");
    assertThat(List.of(impossible.change(), impossible.detect(), impossible.rollback()))
        .isEqualTo(List.of(unready.change(), unready.detect(), unready.rollback()));
  }
}
