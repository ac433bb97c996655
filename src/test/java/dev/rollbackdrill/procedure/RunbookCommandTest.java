package dev.rollbackdrill.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runbook command runs as written; its output is kept, within 16 KiB, whether it fails or not. */
class RunbookCommandTest {

  private static ProcedureContext ctx(Duration timeout) {
    return new ProcedureContext(null, "ns", "demo", 1, "abc", null, timeout);
  }

  @Test
  void aFailingCommandKeepsItsOutputAndSaysWhy() {
    assertThatThrownBy(() -> new RunbookCommand("echo rolling back; echo 'error: deployment not found' >&2; exit 1")
            .run(ctx(Duration.ofSeconds(10))))
        .isInstanceOfSatisfying(ProcedureException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("runbook command exited 1: error: deployment not found");
          assertThat(e.output()).isEqualTo("rolling back\nerror: deployment not found\n");
        });
  }

  @Test
  void aSilentFailureSaysItPrintedNothing() {
    assertThatThrownBy(() -> new RunbookCommand("exit 3").run(ctx(Duration.ofSeconds(10))))
        .hasMessage("runbook command exited 3 with no output");
  }

  @Test
  void aHangingCommandIsKilledAtItsTimeout() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> new RunbookCommand("echo waiting; sleep 60").run(ctx(Duration.ofMillis(500))))
        .isInstanceOfSatisfying(ProcedureException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(
              "runbook command timed out after 500ms and was killed: echo waiting; sleep 60 (last output: waiting)");
          assertThat(e.output()).isEqualTo("waiting\n");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void passesWhatTheDrillKnowsAsEnvironment() throws Exception {
    ProcedureContext c = new ProcedureContext(null, "ns", "demo-blue", 1, "abc", null, Duration.ofSeconds(10), null,
        new ProcedureContext.ServiceSelector("demo", "color", "blue", "green"),
        new ProcedureContext.FlagSetting("demo-flags", "risky-path", "off", "on"));
    RollbackProcedure.Outcome o = new RunbookCommand(
        "echo $DRILL_NAMESPACE $DRILL_DEPLOYMENT $DRILL_SERVICE $DRILL_SELECTOR_LABEL=$DRILL_KNOWN_GOOD_COLOR"
            + " $DRILL_CONFIGMAP $DRILL_FLAG_KEY=$DRILL_KNOWN_GOOD_VALUE").run(c);

    assertThat(o.output()).isEqualTo("ns demo-blue demo color=blue demo-flags risky-path=off\n");
  }

  @Test
  void aRunawayCommandKeepsItsBeginningAndItsEndWithin16KiB() throws Exception {
    RollbackProcedure.Outcome o = new RunbookCommand(
        "echo FIRST-LINE; i=0; while [ $i -lt 3000 ]; do echo line $i of noise; i=$((i+1)); done; echo LAST-LINE")
        .run(ctx(Duration.ofSeconds(20)));

    assertThat(o.output().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ProcedureOutput.MAX_BYTES);
    assertThat(o.output()).startsWith("FIRST-LINE\n").endsWith("LAST-LINE\n").contains(" bytes omitted ...]");
  }

  @Test
  void clipLeavesShortTextAloneAndCutsLongTextToTheBudget() {
    assertThat(ProcedureOutput.clip("short")).isEqualTo("short");
    assertThat(ProcedureOutput.clip(null)).isNull();
    String longText = "a".repeat(10_000) + "b".repeat(10_000);
    String clipped = ProcedureOutput.clip(longText);

    assertThat(clipped.getBytes(StandardCharsets.UTF_8).length).isBetween(ProcedureOutput.MAX_BYTES - 8, ProcedureOutput.MAX_BYTES);
    assertThat(clipped).startsWith("aaaa").endsWith("bbbb").contains("[... 3" );
  }
}
