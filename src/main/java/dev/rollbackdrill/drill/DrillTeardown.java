package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.Lever;
import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.guard.DrillLease;
import dev.rollbackdrill.guard.RestoreRetry;
import dev.rollbackdrill.guard.RolloutHistory;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The always-restore guarantee: what a drill owes its target once its phases are over, however
 * they ended, and the shutdown hook that owes the same on SIGTERM or Ctrl-C. Its lock orders the
 * two: a change or a procedure the drill starts under {@link #unlessStopping} is never half-way
 * when the hook restores, and once the hook has begun, the drill starts nothing more.
 */
final class DrillTeardown {

  /** A step of the drill that changes the target. */
  interface Change {
    void run() throws DrillFailure, ProcedureException;
  }

  /** Builds the drill's result, once, from its verdict (see {@link DrillRecords}). */
  interface Ending {
    DrillResult end(Verdict verdict, String reason);
  }

  private final DrillRun run;
  private final KubernetesClient client;
  private final Ticker ticker;
  private final Ending ending;

  private boolean changed;
  private volatile boolean restored;
  /** Set by the shutdown hook (SIGTERM, Ctrl-C): the drill changes nothing more, the hook restores. */
  private volatile boolean stopping;
  private String restoreProblem;
  /** An injection could not be undone: the lease keeps the drill's record, for {@code drill recover}. */
  private boolean chaosLeft;
  private DrillResult result;
  private Thread shutdownHook;

  DrillTeardown(DrillRun run, KubernetesClient client, Ticker ticker, Ending ending) {
    this.run = run;
    this.client = client;
    this.ticker = ticker;
    this.ending = ending;
  }

  /**
   * Runs {@code change} unless the drill is being stopped. {@code changes}: from here on the
   * target counts as changed (set before the call: stopped while it is in flight, the hook must
   * still restore, and finds the target on known-good if the change never landed).
   */
  synchronized void unlessStopping(Phase phase, boolean changes, Change change) throws DrillFailure, ProcedureException {
    if (stopping) {
      throw new DrillFailure(phase + ": the drill was stopped (SIGTERM or Ctrl-C); the target is being restored");
    }
    changed |= changes;
    change.run();
  }

  /** Whether the drill has changed anything yet. */
  synchronized boolean changed() {
    return changed;
  }

  /** The drill saw its target back on known-good itself: nothing to restore. */
  void restored() {
    restored = true;
  }

  /**
   * Restore the target if it was left changed, stop the load, put the history back and drop the
   * lease (or keep it, with the record, for {@code drill recover}), close the watch, remove the
   * shutdown hook: each step whatever the others did. Then the result, from {@link Ending}. Runs
   * once: the drill's thread and the shutdown hook may both get here, and whoever comes second gets
   * the first one's result. {@code stopped}: the shutdown hook's call, whose reason then says how
   * the restore went.
   */
  synchronized DrillResult finish(Verdict verdict, String reason, boolean stopped) {
    if (result != null) {
      return result;
    }
    // Chaos first, whatever happened: a squeezing quota or a noisy neighbour must not slow the restore.
    String chaosProblem = step("ending chaos", this::endChaos);
    // A restore after the phases is part of what users see: the load keeps running through it.
    long restoreStart = ticker.nanos();
    boolean restoring = changed && !restored;
    RevisionRef procedureResult = run.restoredRef;
    restoreProblem = step("restore", this::restoreIfNeeded);
    if (run.lever.leavesChangeLive() && procedureResult != null) {
      run.restoredRef = procedureResult; // the record keeps the fix the procedure rolled forward to
    }
    String loadProblem = step("stopping the load", () -> stopLoad(restoring ? restoreStart : null));
    String releaseProblem = step("releasing the target", this::releaseTarget);
    String watchProblem = step("closing the watch", () -> {
      if (run.watch != null) {
        run.watch.close();
      }
      return null;
    });
    step("removing the shutdown hook", this::removeShutdownHook);
    String problem = restoreProblem != null ? restoreProblem : releaseProblem != null ? releaseProblem
        : chaosProblem != null ? "chaos not undone: " + chaosProblem : null;
    String chaosFailure = run.chaos == null ? null : run.chaos.failure();
    if (problem == null && chaosFailure != null && verdict != Verdict.ERROR && verdict != Verdict.REFUSED) {
      // The drill did not run under the chaos it asked for: its time says nothing about that.
      verdict = Verdict.FAILED;
      reason = "chaos could not be injected: " + chaosFailure.replaceFirst("^chaos ", "") + "; the drill otherwise: "
          + reason;
    } else if (verdict == Verdict.FAILED && run.chaosRuns != null && !run.chaosRuns.isEmpty()) {
      String under = run.chaosRuns.stream().filter(c -> c.beganNanos() != null).map(c -> c.kind() + " (" + c.did() + ")")
          .collect(java.util.stream.Collectors.joining(", "));
      reason = under.isEmpty() ? reason : reason + "; under chaos: " + under;
    }
    if (problem != null) {
      verdict = Verdict.ERROR;
      reason = reason + "; RESTORE FAILED: " + problem;
    } else if (stopped) {
      reason = reason + "; " + (!changed ? "nothing had been changed"
          : !restoring ? "the target was already back on known-good"
          : run.lever.restoredWords());
    }
    for (String harness : new String[] {loadProblem, watchProblem}) {
      if (harness != null) {
        verdict = Verdict.ERROR;
        reason = reason + "; harness error: " + harness;
      }
    }
    result = ending.end(verdict, reason);
    return result;
  }

  /** What went wrong putting the target back, or null. */
  synchronized String restoreProblem() {
    return restoreProblem;
  }

  /** Runs one clean-up step; null when it went well, else what went wrong (an Error included). */
  private static String step(String what, Callable<String> step) {
    try {
      return step.call();
    } catch (Throwable t) {
      return what + " failed: " + t;
    }
  }

  /** Ends every chaos injection and keeps what each did for the record; what could not be undone, or null. */
  private String endChaos() {
    if (run.chaos == null) {
      return null;
    }
    dev.rollbackdrill.chaos.ChaosSchedule.Ended ended = run.chaos.endAll();
    run.chaosRuns = ended.runs().isEmpty() ? null : ended.runs();
    if (ended.problem() != null) {
      chaosLeft = true;
      return ended.problem();
    }
    boolean began = run.chaosRuns != null && run.chaosRuns.stream().anyMatch(c -> c.beganNanos() != null);
    if (began && run.watch != null && (!changed || restored)) {
      // Nothing left broken: a killed pod or container is back, and ready, before the drill ends.
      // (A target still changed is waited for by its restore.)
      try {
        run.lever.awaitRestored(run.watch, run.s.timeouts().healthy(), TargetWatch.Snapshot::describe);
      } catch (GateException e) {
        chaosLeft = true;
        return "the target was not whole again after the chaos: " + e.getMessage();
      }
    }
    return null;
  }

  /** Stops the load, if any, and keeps what it saw for the record. */
  private String stopLoad(Long restoreStart) {
    if (run.load != null) {
      LoadSession.Seen seen = run.load.stop(run.timer.starts(), restoreStart, run::note);
      run.impact = seen.impact();
      run.loadTotals = seen.totals();
      run.loadSamples = seen.samples();
    }
    return null;
  }

  /**
   * Puts the target back on known-good if the drill changed it and did not see it restored, with
   * the same retries for every kind of change (an API server restarting mid-restore must not
   * leave a Service on the wrong colour or a flag on, any more than a Deployment); then what goes
   * back after every drill (a shortened progress deadline), whatever its verdict.
   */
  private String restoreIfNeeded() {
    String restore = changed && !restored ? restore() : null;
    String after = run.lever.afterDrill(run.s.timeouts().healthy());
    return restore != null ? restore : after;
  }

  private String restore() {
    Lever lever = run.lever;
    Duration healthy = run.s.timeouts().healthy();
    run.note("restoring " + lever.restoreDescription());
    try {
      String did = RestoreRetry.run(ticker, healthy, Thread::sleep, run::note, lever::putBack);
      if (!did.isEmpty()) {
        run.note("restore: " + did);
      }
      if (run.watch == null) {
        return null;
      }
      lever.awaitRestored(run.watch, healthy, TargetWatch.Snapshot::describe);
      RevisionRef back = lever.restoredRef(run.watch);
      if (back != null) {
        run.restoredRef = back;
      }
      restored = true;
      run.note(back == null ? "restored: the known-good state is healthy again"
          : "restored: known-good template is healthy again (revision " + back.revision() + ")");
      return null;
    } catch (ProcedureException | KnownGoodRestore.Gone | GateException e) {
      return e.getMessage();
    } catch (KubernetesClientException e) {
      return ApiErrors.describe(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while restoring";
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /**
   * Once the target is known to be back on known-good: put its rollout history back as found and
   * delete the lease, and the drill's record with it. A target that is not back keeps both, for
   * {@code drill recover}.
   */
  private String releaseTarget() {
    DrillLease lease = run.lease;
    if (lease == null) {
      return null;
    }
    String recover = "run `drill recover --namespace " + run.ns + "`";
    if (chaosLeft) {
      return keepRecord("a chaos injection could not be undone, so the lease " + DrillLease.leaseName(run.name)
          + " keeps the drill's record: " + recover);
    }
    if (changed && !restored || restoreProblem != null) {
      return keepRecord("the target was not restored, so its lease " + DrillLease.leaseName(run.name)
          + " keeps the drill's record: " + recover);
    }
    try {
      RolloutHistory history = run.knownGood == null ? null : run.knownGood.history();
      if (history != null) {
        List<String> done = new ArrayList<>();
        String left = history.putBackAndSettle(client, run.ns, run.name, run.id, Duration.ofSeconds(30), ticker::nanos, done);
        if (left != null) {
          return keepRecord(left + "; the lease keeps the drill's record: " + recover);
        }
        run.note("history: as found (" + history.describe() + ")" + (done.isEmpty() ? "" : "; " + String.join(", ", done)));
      }
      lease.close();
      run.lease = null;
      return null;
    } catch (KubernetesClientException e) {
      return keepRecord("could not put the rollout history back: " + ApiErrors.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return keepRecord("interrupted while putting the rollout history back");
    }
  }

  /** Leaves the lease, and the drill's record on it, for {@code drill recover}. Returns {@code problem}. */
  private String keepRecord(String problem) {
    run.lease.abandon();
    run.lease = null;
    return problem;
  }

  /**
   * From here on SIGTERM or Ctrl-C ends the drill through {@link #stopBySignal}: the JVM exits when
   * the hook returns, before the drill's own thread could write the record.
   */
  void installShutdownHook() {
    Thread hook = new Thread(this::stopBySignal, "rollback-drill-restore-" + run.id);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      shutdownHook = hook;
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting already; the drill's own thread finishes
    }
  }

  /**
   * What the shutdown hook does: the drill starts nothing more, the phase it was in ran until now,
   * and the drill ends here (restore, release, record) unless its own thread already ended it.
   */
  DrillResult stopBySignal() {
    stopping = true;
    Phase phase = run.timer.current();
    run.timer.end();
    DrillResult ended = finish(Verdict.ERROR, "stopped by SIGTERM or Ctrl-C" + (phase == null ? "" : " during " + phase), true);
    String problem = restoreProblem();
    if (problem != null) {
      System.err.println(run.redactor.redact("rollback-drill: could not restore " + run.ns + "/" + run.name + ": " + problem));
    }
    return ended;
  }

  private String removeShutdownHook() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
    return null;
  }
}
