package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TrapApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Discovery needs no cluster: files become containers, iterations become tests. */
class DrillTestEngineTest {

  @Test
  void discoversEveryExampleWithItsIterationsAndTags() {
    TestDescriptor root = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectDirectory(Scenarios.examples().toFile()))
        .configurationParameter(Constants.ITERATIONS, "3")
        .discover()
        .getEngineDescriptor();

    long examples = Scenarios.examples().toFile().list((d, n) -> n.endsWith(".yaml")).length;
    assertThat(root.getChildren()).hasSize((int) examples)
        .allSatisfy(c -> assertThat(c.getChildren()).hasSize(3).allMatch(TestDescriptor::isTest));
    assertThat(root.getChildren()).anySatisfy(c -> assertThat(c.getTags()).extracting(t -> t.getName()).contains("smoke"));
  }

  @Test
  void anInvalidScenarioFailsWithItsProblemsAndStartsNoCluster(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: bad\nrollbak: {}\n");

    var results = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectFile(bad.toFile()))
        .configurationParameter(Constants.CLUSTER, "context:does-not-exist")
        .execute();

    results.testEvents().assertThatEvents().haveExactly(1,
        event(test(), finishedWithFailure(message(m -> m.contains("bad.yaml:2 rollbak: unknown field")))));
    results.containerEvents().assertStatistics(s -> s.failed(0));
  }

  @Test
  void selectingTheEngineItselfRunsTheConfiguredScenariosAsFromASuiteOrAnIde() {
    String two = Scenarios.examples().resolve("noop-undo.yaml") + ", " + Scenarios.examples().resolve("kill-switch.yaml");
    TestDescriptor root = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectUniqueId("[engine:" + Constants.ENGINE_ID + "]"))
        .configurationParameter(Constants.SCENARIOS, two)
        .discover()
        .getEngineDescriptor();

    assertThat(root.getChildren()).extracting(TestDescriptor::getDisplayName).containsExactly("noop-undo", "kill-switch");
  }

  @Test
  void explicitlySelectedFilesWinOverTheConfiguredScenarios() {
    TestDescriptor root = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectFile(Scenarios.examples().resolve("roll-forward.yaml").toFile()))
        .configurationParameter(Constants.SCENARIOS, Scenarios.examples().resolve("noop-undo.yaml").toString())
        .discover()
        .getEngineDescriptor();

    assertThat(root.getChildren()).extracting(TestDescriptor::getDisplayName).containsExactly("roll-forward");
  }

  @Test
  void anEngineGivenScenariosAlreadyReadDoesNotReadTheirFilesAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("noop-undo.yaml");
    Files.copy(Scenarios.examples().resolve("noop-undo.yaml"), file);
    Scenario read = ScenarioLoader.load(dir.resolve(".").resolve("noop-undo.yaml"));
    Files.writeString(file, "name: changed after it was read\nrollbak: {}\n");

    TestDescriptor root = EngineTestKit.engine(DrillTestEngine.withScenarios(List.of(read)))
        .selectors(selectFile(file.toFile()))
        .configurationParameter(Constants.ITERATIONS, "2")
        .discover()
        .getEngineDescriptor();

    assertThat(root.getChildren()).singleElement().isInstanceOfSatisfying(ScenarioDescriptor.class, sd -> {
      assertThat(sd.scenario().name()).isEqualTo("noop-undo");
      assertThat(sd.scenario().sha256()).isEqualTo(read.sha256());
      assertThat(sd.scenario().source()).as("the selected file, as records name it").isEqualTo(Path.of(file.toFile()
          .getAbsolutePath()));
      assertThat(sd.getChildren()).hasSize(2);
    });
  }

  /** Runs the noop-undo example through the engine alone, as Surefire or an IDE would. */
  private static org.junit.platform.testkit.engine.EngineExecutionResults runExample(String cluster, Path kubeconfig,
      String... config) {
    var kit = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectFile(Scenarios.examples().resolve("noop-undo.yaml").toFile()))
        .configurationParameter(Constants.CLUSTER, cluster)
        .configurationParameter(Constants.DRILLS, "none");
    if (kubeconfig != null) {
      kit.configurationParameter(Constants.KUBECONFIG, kubeconfig.toString());
    }
    for (int i = 0; i < config.length; i += 2) {
      kit.configurationParameter(config[i], config[i + 1]);
    }
    return kit.execute();
  }

  private static String engineFailure(org.junit.platform.testkit.engine.EngineExecutionResults results) {
    return results.containerEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getParent().isEmpty())
        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow())
        .map(r -> r.getThrowable().map(Throwable::getMessage).orElse("successful"))
        .findFirst().orElseThrow();
  }

  @Test
  void aBadConfigurationValueFailsTheRunNamingTheKeyAndConnectsToNothing(@TempDir Path dir) throws Exception {
    try (TrapApiServer api = new TrapApiServer()) {
      Path kubeconfig = api.kubeconfig(dir, "staging");

      String notANumber = engineFailure(runExample("context:staging", kubeconfig, Constants.ITERATIONS, "three"));
      String notABoolean = engineFailure(runExample("context:staging", kubeconfig, Constants.ALLOW_PRODUCTION, "yes"));

      assertThat(notANumber).isEqualTo(
          "bad configuration: rollbackdrill.iterations=three: must be a whole number between 1 and 100");
      assertThat(notABoolean).isEqualTo("bad configuration: rollbackdrill.allowProduction=yes: must be true or false");
      assertThat(api.connections()).as("connections to the cluster").isZero();
    }
  }

  @Test
  void theEngineRefusesAProductionLookingContextBeforeConnectingToIt(@TempDir Path dir) throws Exception {
    try (TrapApiServer api = new TrapApiServer()) {
      Path kubeconfig = api.kubeconfig(dir, "prod-eu", "eu-main-1");

      String byName = engineFailure(runExample("context:prod-eu", kubeconfig));
      String byPattern = engineFailure(runExample("context:eu-main-1", kubeconfig,
          Constants.PRODUCTION_PATTERNS, "eu-main"));

      assertThat(byName).startsWith("refused: cluster context:prod-eu looks like production")
          .contains("rollbackdrill.allowProduction=true");
      assertThat(byPattern).startsWith("refused: cluster context:eu-main-1 looks like production")
          .contains("matches 'eu-main'");
      assertThat(api.connections()).as("connections to the refused cluster").isZero();

      // The explicit override lets it through: the engine does try the (trap) cluster now.
      String allowed = engineFailure(runExample("context:prod-eu", kubeconfig, Constants.ALLOW_PRODUCTION, "true"));
      assertThat(allowed).startsWith("cluster unavailable");
      assertThat(api.connections()).as("the trap sees the allowed attempt").isPositive();
    }
  }

  @Test
  void theEngineRefusesAProductionLookingInClusterName() {
    // Refused for its name before the engine even looks for a pod's ServiceAccount.
    assertThat(engineFailure(runExample("in-cluster:live", null)))
        .startsWith("refused: cluster in-cluster:live looks like production");
    assertThat(engineFailure(runExample("in-cluster:staging", null)))
        .startsWith("cluster unavailable: in-cluster:staging: not running in a pod");
  }
}
