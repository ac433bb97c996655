package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.engine.ResultEntries;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.launcher.TestIdentifier;

class ConsoleProgressTest {

  private final StringWriter text = new StringWriter();
  private final ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text));
  private final Node engine = new Node(UniqueId.forEngine("rollback-drill"), "rollback-drill", TestDescriptor.Type.CONTAINER);

  @Test
  void aHarnessErrorIsNotHiddenByAnotherScenariosRecordOfTheSameIterationName() {
    TestIdentifier a1 = iteration(scenario("a"), 1, 2);
    TestIdentifier b1 = iteration(scenario("b"), 1, 2);

    start(a1);
    progress.reportingEntryPublished(a1, record("PASSED"));
    progress.executionFinished(a1, TestExecutionResult.successful());
    start(b1);
    progress.executionFinished(b1, TestExecutionResult.failed(new IllegalStateException("harness crashed")));

    assertThat(progress.rows()).extracting(ConsoleProgress.Row::drill, ConsoleProgress.Row::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a (iteration 1 of 2)", "PASSED"),
            org.assertj.core.groups.Tuple.tuple("b (iteration 1 of 2)", "ERROR"));
    assertThat(text.toString()).contains("==> b (iteration 1 of 2)").contains("ERROR: harness crashed");
  }

  @Test
  void aSingleIterationIsCalledByItsScenarioName() {
    Node s = scenario("noop-undo");
    Node it = new Node(s.getUniqueId().append("iteration", "1"), "noop-undo", TestDescriptor.Type.TEST);
    s.addChild(it);
    TestIdentifier id = TestIdentifier.from(it);
    start(id);
    progress.reportingEntryPublished(id, record("FAILED"));

    assertThat(progress.rows()).extracting(ConsoleProgress.Row::drill).containsExactly("noop-undo");
  }

  @Test
  void aFailedTestWithARecordAddsNoSecondRow() {
    TestIdentifier a1 = iteration(scenario("a"), 1, 1);
    start(a1);
    progress.reportingEntryPublished(a1, record("FAILED"));
    progress.executionFinished(a1, TestExecutionResult.failed(new AssertionError("missed its SLO")));

    assertThat(progress.rows()).hasSize(1).first().extracting(ConsoleProgress.Row::verdict).isEqualTo("FAILED");
  }

  @Test
  void aRefusedDrillIsItsOwnRowInTheSummaryAndExitsFour() {
    TestIdentifier a = iteration(scenario("paused-undo"), 1, 1);
    start(a);
    progress.reportingEntryPublished(a, ResultEntries.write(new ResultEntries.Recorded(Path.of("drills/2026/12/x.json"),
        Verdict.REFUSED, "preflight: deployment ns/demo is paused", null, 30_000_000_000L, null, null)));
    progress.executionFinished(a, TestExecutionResult.failed(new AssertionError("REFUSED (nothing was changed): ...")));
    StringWriter summary = new StringWriter();

    RunCommand.printSummary(new PrintWriter(summary), progress.rows());

    assertThat(text.toString()).contains("    record: drills/2026/12/x.json");
    assertThat(progress.rows()).hasSize(1);
    assertThat(summary.toString())
        .containsPattern("paused-undo +REFUSED +- +30s")
        .contains("0 of 1 drills met their SLO")
        .contains("1 of 1 refused before anything changed: not drilled")
        .contains("  paused-undo: preflight: deployment ns/demo is paused");
    assertThat(RunCommand.exitCode(progress.rows())).isEqualTo(Main.REFUSED).isEqualTo(4);
  }

  @Test
  void aRefusalGivesFourOnlyWhenNoDrillDidWorse() {
    assertThat(RunCommand.exitCode(rows("PASSED", "PASSED"))).isEqualTo(Main.OK);
    assertThat(RunCommand.exitCode(rows("PASSED", "REFUSED"))).isEqualTo(Main.REFUSED);
    assertThat(RunCommand.exitCode(rows("REFUSED", "REFUSED"))).isEqualTo(Main.REFUSED);
    for (String worse : java.util.List.of("FAILED", "SLO_MISSED", "ERROR")) {
      assertThat(RunCommand.exitCode(rows("REFUSED", worse))).as(worse).isEqualTo(Main.DRILL_FAILED);
      assertThat(RunCommand.exitCode(rows(worse, "REFUSED"))).as(worse).isEqualTo(Main.DRILL_FAILED);
    }
    assertThat(RunCommand.exitCode(java.util.List.of())).as("no drill at all").isEqualTo(Main.DRILL_FAILED);
  }

  @Test
  void aRecordPublishedFromAnotherThreadIsPrintedAndFlushedBeforeItReturns() throws Exception {
    TestIdentifier a = iteration(scenario("noop-undo"), 1, 1);
    start(a);
    // As the shutdown hook does after SIGTERM or Ctrl-C, while the drill's own thread is stuck.
    Thread hook = new Thread(() -> {
      progress.reportingEntryPublished(a, ResultEntries.write(
          new ResultEntries.Note("ERROR: stopped by SIGTERM or Ctrl-C during detect")));
      progress.reportingEntryPublished(a, record("ERROR"));
    });
    hook.start();
    hook.join();

    assertThat(text.toString()).contains("    ERROR: stopped by SIGTERM or Ctrl-C during detect\n    record: drills/x.json");
  }

  private static java.util.List<ConsoleProgress.Row> rows(String... verdicts) {
    return java.util.Arrays.stream(verdicts).map(v -> new ConsoleProgress.Row("d", v, null, 0, "why", "-")).toList();
  }

  private Node scenario(String name) {
    Node s = new Node(engine.getUniqueId().append("scenario", name), name, TestDescriptor.Type.CONTAINER);
    engine.addChild(s);
    return s;
  }

  private TestIdentifier iteration(Node scenario, int i, int of) {
    Node it = new Node(scenario.getUniqueId().append("iteration", String.valueOf(i)),
        of > 1 ? "iteration " + i + " of " + of : scenario.getDisplayName(), TestDescriptor.Type.TEST);
    scenario.addChild(it);
    return TestIdentifier.from(it);
  }

  /** Starts the test's ancestors (engine, scenario) and the test, as the launcher does. */
  private void start(TestIdentifier test) {
    TestDescriptor d = engine.findByUniqueId(test.getUniqueIdObject()).orElseThrow();
    progress.executionStarted(TestIdentifier.from(engine));
    progress.executionStarted(TestIdentifier.from(d.getParent().orElseThrow()));
    progress.executionStarted(test);
  }

  private static ReportEntry record(String verdict) {
    return ResultEntries.write(new ResultEntries.Recorded(Path.of("drills/x.json"), Verdict.valueOf(verdict), "why",
        1000L, 2000, null, null));
  }

  private static final class Node extends AbstractTestDescriptor {
    private final Type type;

    Node(UniqueId id, String name, Type type) {
      super(id, name);
      this.type = type;
    }

    @Override
    public Type getType() {
      return type;
    }
  }
}
