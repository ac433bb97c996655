package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Scenario files run as JUnit Platform tests: iterations are tests, phases are report entries. */
@OnLocalCluster
class DrillTestEngineIT {

  @Test
  void iterationsRunAsTestsAndPublishEveryPhase(TestNamespace ns, @TempDir Path dir) throws Exception {
    Path scenario = Scenarios.exampleFile("unready-undo", ns, dir);
    Path drills = dir.resolve("drills");

    EngineExecutionResults results = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectFile(scenario.toFile()))
        .configurationParameter(Constants.CLUSTER, "local")
        .configurationParameter(Constants.ITERATIONS, "2")
        .configurationParameter(Constants.DRILLS, drills.toString())
        .configurationParameter(Constants.EXECUTED_BY, "engine-it")
        .execute();

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2).failed(0));
    results.testEvents().assertThatEvents()
        .haveExactly(2, event(test(), finishedSuccessfully()));
    List<Map<String, String>> entries = results.testEvents().reportingEntryPublished()
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs()).toList();
    assertThat(entries.stream().filter(e -> e.containsKey("phase")).map(e -> e.get("phase")))
        .containsSubsequence("preflight", "deploy", "detect", "trigger", "rollback-accepted", "healthy", "verify",
            "preflight", "deploy", "detect", "trigger", "rollback-accepted", "healthy", "verify");

    DrillHistory.Loaded history = new DrillHistory(drills).readAll();
    assertThat(history.warnings()).isEmpty();
    assertThat(history.records()).hasSize(2)
        .allSatisfy(r -> {
          assertThat(r.executedBy()).isEqualTo("engine-it");
          assertThat(r.scenario().sha256()).hasSize(64);
          assertThat(Files.exists(drills.resolve(r.startedAt().toString().substring(0, 4))
              .resolve(r.startedAt().toString().substring(5, 7)).resolve(r.histogramLog()))).isTrue();
        });
    assertThat(history.records()).extracting(r -> r.iteration()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void aMissedSloFailsTheTestWithTheReason(TestNamespace ns, @TempDir Path dir) {
    Path scenario = Scenarios.exampleFile("impossible-slo", ns, dir);

    EngineExecutionResults results = EngineTestKit.engine(Constants.ENGINE_ID)
        .selectors(selectFile(scenario.toFile()))
        .configurationParameter(Constants.CLUSTER, "local")
        .configurationParameter(Constants.DRILLS, "none")
        .execute();

    results.testEvents().assertThatEvents().haveExactly(1,
        event(test(), finishedWithFailure(message(m -> m.startsWith("SLO_MISSED: trigger-to-healthy")
            && m.contains("exceeded SLO 1ms")))));
  }
}
