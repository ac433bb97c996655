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
            "blue-green-switch",
            "canary-checkout-automatic",
            "canary-checkout-latency",
            "canary-error-rate",
            "canary-healthy",
            "chaos-api-restart-runbook",
            "chaos-container-kill-undo",
            "chaos-cpu-pressure-undo",
            "chaos-pod-kill-undo",
            "chaos-quota-squeeze-undo",
            "crashloop-undo-to-revision",
            "http500-undo",
            "impossible-slo",
            "kill-switch",
            "migration-expand",
            "migration-rename",
            "noop-undo",
            "roll-forward",
            "runbook-command",
            "unready-undo");
    List<Scenario> revisions = examples.stream().filter(s -> s.change().type().newRevision()).toList();
    // A release with a migration runs on the demo as a database client, in a namespace (and database) of its own.
    assertThat(revisions.stream().filter(s -> s.database() != null))
        .extracting(Scenario::name).containsExactly("migration-expand", "migration-rename");
    assertThat(revisions.stream().filter(s -> s.database() != null))
        .allSatisfy(s -> {
          assertThat(s.target().fixtureKind()).isEqualTo(Fixture.DEMO_DB);
          assertThat(s.target().namespace()).startsWith("drill-db-");
          assertThat(s.database().throwaway()).isTrue();
        });
    assertThat(revisions.stream().filter(s -> s.database() == null))
        .allSatisfy(s -> assertThat(s.target()).isIn(
            new Target("drill-demo", "demo", "demo", Fixture.DEMO),
            new Target("drill-demo", "demo", "demo", Fixture.DEMO, "demo")));
    assertThat(revisions)
        .allSatisfy(
            s ->
                assertThat(s.healthy().http())
                    .isEqualTo(new HttpCheck(8080, "/cgi-bin/app", null, 200, 3)));
  }

  @Test
  void everyProcedureHasAnExampleAndEveryImpactExampleRunsLoad() throws Exception {
    List<Scenario> examples = ScenarioLoader.loadAll(List.of(scenariosFolder()));

    assertThat(examples).extracting(s -> s.rollback().procedure()).contains(Procedure.values());
    assertThat(examples.stream().filter(s -> s.tags().contains("impact")))
        .hasSize(4)
        .allSatisfy(s -> {
          assertThat(s.load()).isNotNull();
          assertThat(s.load().ratePerSecond()).isEqualTo(10.0);
          assertThat(s.detect().type()).isEqualTo(DetectType.ERROR_RATE);
          assertThat(s.detect().errorRateAbove()).isEqualTo(0.05);
        });
  }

  @Test
  void blueGreenAndKillSwitchExamplesUseTheirFixtures() throws Exception {
    Scenario bg = ScenarioLoader.load(scenariosFolder().resolve("blue-green-switch.yaml"));
    Scenario flag = ScenarioLoader.load(scenariosFolder().resolve("kill-switch.yaml"));

    assertThat(bg.target()).isEqualTo(new Target("drill-demo", "demo-blue", "demo", Fixture.BLUE_GREEN, "demo"));
    assertThat(bg.change().switchTo()).isEqualTo(new Change.Switch("color", "green"));
    assertThat(flag.target()).isEqualTo(new Target("drill-demo", "demo", "demo", Fixture.FEATURE_FLAG, "demo"));
    assertThat(flag.change().flag()).isEqualTo(new Change.Flag("demo-flags", "risky-path", "on"));
    assertThat(flag.healthy().http().consecutive()).isEqualTo(5);
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

  @Test
  void theExampleForYourOwnDeploymentNeedsNoFixtureAndValidates() throws Exception {
    Path file = scenariosFolder().resolve("examples/staging-checkout.yaml");
    Scenario s = ScenarioLoader.load(file);

    assertThat(s.target().fixtureKind()).isNull();
    assertThat(s.target().namespace()).isEqualTo("staging-checkout");
    assertThat(java.nio.file.Files.readString(file)).doesNotContainPattern("(?m)^\\s*fixture:")
        .doesNotContain("rollback-drill/demo");
    // Runnable by the CronJob: tagged for it, and no runbook command (its image has no shell).
    assertThat(s.tags()).contains("in-cluster");
    assertThat(s.rollback().procedure()).isNotEqualTo(Procedure.COMMAND);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit = dev.rollbackdrill.cli.Main.execute(new String[] {"validate", file.toString()},
        new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    assertThat(exit).as(out + "" + err).isZero();
  }

  @Test
  void theExamplesFolderIsNotPartOfTheDemoScenarios() throws Exception {
    // The plan and `drill run scenarios/` read the folder itself, not its subfolders.
    assertThat(ScenarioLoader.loadAll(List.of(scenariosFolder())))
        .extracting(Scenario::name).doesNotContain("checkout-crash-undo");
  }
}
