package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * A refused drill is a failure in JUnit XML, never a pass and never a harness error, and says
 * that nothing was changed; every other verdict keeps its outcome. The XML is the Platform's own
 * (what {@code drill run} writes to {@code reports/junit/}); Surefire reports an {@link
 * AssertionError} as a failure in the same way.
 */
class RefusedOutcomeTest {

  private static DrillRecord record(Verdict verdict, String reason) {
    return new DrillRecord(1, "id", new DrillRecord.ScenarioRef("paused", null, "00", List.of(), "rollout-undo",
            "noop", null),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:00:01Z"), 1, Map.of(), null,
        30_000_000_000L, verdict, reason, null, null, null, null);
  }

  @Test
  void aRefusalFailsTheTestWithAnAssertionThatSaysNothingWasChanged() {
    TestExecutionResult r = DrillTestEngine.outcome(record(Verdict.REFUSED, "preflight: deployment ns/demo is paused"));

    assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(r.getThrowable().orElseThrow())
        .isInstanceOf(DrillRefusedException.class)
        .isInstanceOf(AssertionError.class)
        .hasMessage("REFUSED (nothing was changed): preflight: deployment ns/demo is paused");
  }

  @Test
  void otherVerdictsKeepTheirOutcomes() {
    assertThat(DrillTestEngine.outcome(record(Verdict.PASSED, "ok")).getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    for (Verdict v : List.of(Verdict.FAILED, Verdict.SLO_MISSED, Verdict.ERROR)) {
      TestExecutionResult r = DrillTestEngine.outcome(record(v, "why"));
      assertThat(r.getStatus()).as(v.name()).isEqualTo(TestExecutionResult.Status.FAILED);
      assertThat(r.getThrowable().orElseThrow()).isExactlyInstanceOf(AssertionError.class).hasMessage(v + ": why");
    }
  }

  @Test
  void junitXmlReportsARefusalAsAFailureOfTypeRefused(@TempDir Path dir) throws Exception {
    TestEngine engine = new OneTest(DrillTestEngine.outcome(record(Verdict.REFUSED, "preflight: lease held by bob")));
    var launcher = LauncherFactory.create(LauncherConfig.builder()
        .enableTestEngineAutoRegistration(false).addTestEngines(engine).build());

    launcher.execute(request().selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId(
        UniqueId.forEngine(engine.getId()))).build(), new LegacyXmlReportGeneratingListener(dir,
        new PrintWriter(new StringWriter())));

    String xml;
    try (Stream<Path> files = Files.list(dir)) {
      xml = Files.readString(files.filter(f -> f.toString().endsWith(".xml")).findFirst().orElseThrow());
    }
    assertThat(xml).contains("failures=\"1\"").contains("errors=\"0\"")
        .contains("<failure message=\"REFUSED (nothing was changed): preflight: lease held by bob\""
            + " type=\"dev.rollbackdrill.engine.DrillRefusedException\"");
  }

  /** An engine with one test that ends with {@code result}. */
  private static final class OneTest implements TestEngine {
    private final TestExecutionResult result;

    OneTest(TestExecutionResult result) {
      this.result = result;
    }

    @Override
    public String getId() {
      return "one-refused-drill";
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId id) {
      EngineDescriptor root = new EngineDescriptor(id, "drills");
      root.addChild(new IterationDescriptor(id.append(IterationDescriptor.SEGMENT, "1"), "paused-undo", 1, 1));
      return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
      TestDescriptor root = request.getRootTestDescriptor();
      var listener = request.getEngineExecutionListener();
      listener.executionStarted(root);
      for (TestDescriptor t : root.getChildren()) {
        listener.executionStarted(t);
        listener.executionFinished(t, result);
      }
      listener.executionFinished(root, TestExecutionResult.successful());
    }
  }
}
