package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.rollbackdrill.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
