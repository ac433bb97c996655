package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.Lever;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.guard.Redactor;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The always-restore guarantee in its order, with a lever that only writes down what it is asked
 * and a ticker the test moves: put back what was changed and not seen restored, then what goes
 * back after every drill, then the result, once, whoever asks first.
 */
class DrillTeardownTest {

  @TempDir Path dir;

  private final List<String> calls = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private FakeLever lever;
  private DrillRun run;
  private DrillTeardown teardown;

  @BeforeEach
  void drill() throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, """
        name: s
        target: {namespace: ns, deployment: shop}
        change: {type: noop}
        detect: {type: rollout-complete}
        rollback: {procedure: rollout-undo}
        slo: 30s
        """);
    Scenario s = ScenarioLoader.load(f);
    lever = new FakeLever();
    DrillListener listener = new DrillListener() {
      @Override
      public void note(String drill, String message) {
        notes.add(message);
      }
    };
    run = new DrillRun(s, 1, "alice", "abcd1234", new PhaseTimer(now::get), Instant.parse("2026-12-02T10:00:00Z"), null,
        say -> lever, Redactor.of(List.of()), listener);
    teardown = new DrillTeardown(run, null, now::get, (verdict, reason) -> {
      calls.add("result " + verdict);
      return new DrillResult(null, null, reason, null, null);
    });
  }

  @Test
  void aChangedTargetIsPutBackThenWhatGoesBackAfterEveryDrillThenTheResult() throws Exception {
    teardown.unlessStopping(Phase.DEPLOY, true, () -> calls.add("apply"));

    DrillResult result = teardown.finish(Verdict.FAILED, "detect: timed out", false);

    assertThat(calls).containsExactly("apply", "putBack", "afterDrill", "result FAILED");
    assertThat(result.procedureOutput()).isEqualTo("detect: timed out");
    assertThat(notes).contains("restoring the fake change");
  }

  @Test
  void aTargetTheDrillSawRestoredIsNotPutBackAgain() throws Exception {
    teardown.unlessStopping(Phase.DEPLOY, true, () -> calls.add("apply"));
    teardown.restored();

    teardown.finish(Verdict.PASSED, "within SLO", false);

    assertThat(calls).containsExactly("apply", "afterDrill", "result PASSED");
  }

  @Test
  void nothingIsPutBackWhenNothingWasChanged() {
    teardown.finish(Verdict.REFUSED, "preflight: paused", false);

    assertThat(calls).containsExactly("afterDrill", "result REFUSED");
    assertThat(teardown.changed()).isFalse();
  }

  @Test
  void aRestoreThatCannotBeDoneMakesTheDrillAnErrorAndSaysWhy() throws Exception {
    lever.putBackProblem = "deployment ns/shop is gone";
    teardown.unlessStopping(Phase.DEPLOY, true, () -> {});

    DrillResult result = teardown.finish(Verdict.PASSED, "within SLO", false);

    assertThat(calls).containsExactly("putBack", "afterDrill", "result ERROR");
    assertThat(result.procedureOutput()).isEqualTo("within SLO; RESTORE FAILED: deployment ns/shop is gone");
    assertThat(teardown.restoreProblem()).isEqualTo("deployment ns/shop is gone");
  }

  @Test
  void aProgressDeadlineThatCannotGoBackIsARestoreFailureToo() {
    lever.afterDrillProblem = "progressDeadlineSeconds could not be put back";

    DrillResult result = teardown.finish(Verdict.PASSED, "within SLO", false);

    assertThat(calls).containsExactly("afterDrill", "result ERROR");
    assertThat(result.procedureOutput()).endsWith("RESTORE FAILED: progressDeadlineSeconds could not be put back");
  }

  @Test
  void theDrillEndsOnceAndWhoeverComesSecondGetsTheFirstResult() {
    DrillResult first = teardown.finish(Verdict.FAILED, "detect: timed out", false);
    DrillResult second = teardown.finish(Verdict.PASSED, "within SLO", false);

    assertThat(second).isSameAs(first);
    assertThat(calls).containsExactly("afterDrill", "result FAILED");
  }

  @Test
  void aSignalEndsTheDrillWithTheRestoreInItsReasonAndTheDrillStartsNothingMore() throws Exception {
    run.timer.begin(Phase.PREFLIGHT);
    now.set(Duration.ofSeconds(2).toNanos());
    run.timer.beginAt(Phase.DETECT, now.get());
    teardown.unlessStopping(Phase.DEPLOY, true, () -> calls.add("apply"));
    now.addAndGet(Duration.ofSeconds(3).toNanos());

    DrillResult stopped = teardown.stopBySignal();

    assertThat(stopped.procedureOutput()).isEqualTo("stopped by SIGTERM or Ctrl-C during detect; the fake change is back");
    assertThat(run.timer.duration(Phase.DETECT)).isEqualTo(Duration.ofSeconds(3).toNanos());
    assertThatThrownBy(() -> teardown.unlessStopping(Phase.TRIGGER, false, () -> calls.add("procedure")))
        .isInstanceOf(DrillFailure.class)
        .hasMessage("trigger: the drill was stopped (SIGTERM or Ctrl-C); the target is being restored");
    // The drill's own thread, failing on that, gets the hook's result.
    assertThat(teardown.finish(Verdict.FAILED, "trigger: the drill was stopped", false)).isSameAs(stopped);
    assertThat(calls).containsExactly("apply", "putBack", "afterDrill", "result ERROR");
  }

  @Test
  void aSignalBeforeAnyChangeSaysNothingHadBeenChanged() {
    DrillResult stopped = teardown.stopBySignal();

    assertThat(stopped.procedureOutput()).isEqualTo("stopped by SIGTERM or Ctrl-C; nothing had been changed");
    assertThat(calls).doesNotContain("putBack");
  }

  /** A lever that writes down what it is asked to do; its put-back may report a problem. */
  private final class FakeLever implements Lever {
    String putBackProblem;
    String afterDrillProblem;

    @Override
    public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout,
        Function<TargetWatch.Snapshot, String> describe) {
      return null;
    }

    @Override
    public void apply(TargetWatch watch) {
      calls.add("apply");
    }

    @Override
    public String awaitApplied(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
      return "applied";
    }

    @Override
    public RevisionRef candidate() {
      return null;
    }

    @Override
    public ProcedureContext.ServiceSelector selector() {
      return null;
    }

    @Override
    public ProcedureContext.FlagSetting flag() {
      return null;
    }

    @Override
    public long awaitAccepted(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
      return now.get();
    }

    @Override
    public String acceptedDetail(TargetWatch watch) {
      return "accepted";
    }

    @Override
    public boolean unchanged(TargetWatch.Snapshot snap) {
      return false;
    }

    @Override
    public long awaitHealthy(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
      return now.get();
    }

    @Override
    public String healthyDetail(TargetWatch watch, long acceptedAt) {
      return "healthy";
    }

    @Override
    public String verify(TargetWatch watch) {
      return "verified";
    }

    @Override
    public String restoreDescription() {
      return "the fake change";
    }

    @Override
    public String restoredWords() {
      return "the fake change is back";
    }

    @Override
    public String putBack() throws KnownGoodRestore.Gone {
      calls.add("putBack");
      if (putBackProblem != null) {
        throw new KnownGoodRestore.Gone(putBackProblem);
      }
      return "";
    }

    @Override
    public void awaitRestored(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
      calls.add("awaitRestored");
    }

    @Override
    public String afterDrill(Duration budget) {
      calls.add("afterDrill");
      return afterDrillProblem;
    }
  }
}
