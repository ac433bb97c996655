package dev.rollbackdrill.drill;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.fault.CandidateChange;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.health.ProbeStreaks;
import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.health.TargetWatch;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.load.ApiServerProxy;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.ProcedureOutput;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.procedure.RollbackProcedure;
import dev.rollbackdrill.scenario.HttpCheck;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs one iteration of one scenario against a cluster: preflight (target healthy, known-good
 * identified), deploy the candidate, detect that it is bad (or good, for a no-op), trigger the
 * documented rollback, see the controller accept it, see the target healthy on its known-good
 * template again, and verify. Every phase boundary is the arrival time of the watch event that
 * crossed it; trigger-to-healthy is the headline.
 *
 * <p>Whatever happens after the candidate is deployed (a failed gate, a failed procedure, an
 * exception, Ctrl-C), the target is put back on its known-good revision and seen healthy before
 * this returns.
 */
public final class DrillRunner {

  private final ClusterHandle cluster;
  private final KubernetesClient client;
  private final Clock clock;
  private final Ticker ticker;
  private final DrillListener listener;
  private Options options = Options.DEFAULTS;

  /**
   * What a drill may touch and as whom: namespaces allowed without the opt-in label; the on-call
   * identity (user, groups) the procedure runs as, null for the harness's own. Whether the cluster
   * may be drilled at all (it must not look like production) is judged before anything connects
   * to it, by the engine ({@code engine.DrillOptions#refusal}).
   */
  public record Options(java.util.Set<String> allowedNamespaces, String asUser, List<String> asGroups) {
    public static final Options DEFAULTS = new Options(java.util.Set.of(), null, List.of());
  }

  /**
   * Writes a drill's record, once, when the drill has ended: normally, or stopped by SIGTERM or
   * Ctrl-C, when the shutdown hook ends the drill and writes it before the JVM exits (the drill's
   * own thread never gets that far). Returns where it went.
   */
  @FunctionalInterface
  public interface Recorder {
    Path write(DrillResult result) throws java.io.IOException;
  }

  private Recorder recorder;

  /** The same runner with {@code options}. */
  public DrillRunner withOptions(Options options) {
    DrillRunner r = new DrillRunner(cluster, client, clock, ticker, listener);
    r.options = options;
    r.recorder = recorder;
    return r;
  }

  /** The same runner, writing every record with {@code recorder} (see {@link DrillResult#recordFile()}). */
  public DrillRunner withRecorder(Recorder recorder) {
    DrillRunner r = withOptions(options);
    r.recorder = recorder;
    return r;
  }

  public DrillRunner(
      ClusterHandle cluster,
      KubernetesClient client,
      Clock clock,
      Ticker ticker,
      DrillListener listener) {
    this.cluster = cluster;
    this.client = client;
    this.clock = clock;
    this.ticker = ticker;
    this.listener = listener;
  }

  /** Runs the drill. Never throws for a drill that failed: the verdict and reason say so. */
  public DrillResult run(Scenario s, int iteration, String executedBy) {
    return new Run(s, iteration, executedBy).execute();
  }

  /** A drill failed for a reason that is about the rollback (not the harness). */
  static final class DrillFailure extends Exception {
    private static final long serialVersionUID = 1L;

    DrillFailure(String message) {
      super(message);
    }
  }

  /** The state of one run; the steps below read and fill it in order. */
  private final class Run {
    final Scenario s;
    final int iteration;
    final String executedBy;
    final String id;
    final String label;
    final String ns;
    final String name;
    final PhaseTimer timer;
    final Instant startedAt;

    TargetWatch watch;
    Deployment original;
    ReplicaSet knownGood;
    String knownGoodHash;
    RevisionRef candidateRef;
    RevisionRef restoredRef;
    Long triggerToHealthy;
    String procedureOutput = "";
    volatile boolean changed;
    volatile boolean restored;
    /** Set by the shutdown hook (SIGTERM, Ctrl-C): the drill changes nothing more, the hook restores. */
    volatile boolean stopping;
    Thread shutdownHook;
    dev.rollbackdrill.guard.DrillLease lease;
    /** The target's rollout history as found, put back after the drill. */
    dev.rollbackdrill.guard.RolloutHistory history;
    /** The kind of change this drill makes, and puts back. */
    final Lever lever;
    dev.rollbackdrill.guard.KnownGood knownGoodRecord;
    /** The scenario's synthetic load while it runs; null without one. */
    LoadSession load;
    DrillRecord.Impact impact;
    LoadGenerator.Totals loadTotals;

    final dev.rollbackdrill.guard.Redactor redactor;
    final DrillListener say;
    /** The drill's outcome once {@link #finish} has run (by the drill's thread or the shutdown hook). */
    DrillResult result;
    String restoreProblem;
    String serverVersion;

    Run(Scenario s, int iteration, String executedBy) {
      java.util.List<String> secrets = new java.util.ArrayList<>(s.change().env().values());
      secrets.addAll(s.rollback().env().values());
      secrets.add(cluster.config().getOauthToken());
      // A kubeconfig's token lands in the "auto" token; getOauthToken is only an explicitly set one.
      secrets.add(cluster.config().getAutoOAuthToken());
      secrets.add(cluster.config().getPassword());
      secrets.add(cluster.config().getClientKeyData());
      // A runbook command inherits the harness's environment, and may print what it finds there.
      secrets.addAll(dev.rollbackdrill.guard.Redactor.secretEnvironmentValues(System.getenv()));
      this.redactor = dev.rollbackdrill.guard.Redactor.of(secrets);
      this.say = new DrillListener() {
        @Override
        public void phaseEnded(String drill, String phase, long nanos, String detail) {
          listener.phaseEnded(drill, phase, nanos, redactor.redact(detail));
        }

        @Override
        public void note(String drill, String message) {
          listener.note(drill, redactor.redact(message));
        }
      };
      this.s = s;
      this.iteration = iteration;
      this.executedBy = executedBy;
      this.id = UUID.randomUUID().toString().substring(0, 8);
      this.label = s.name() + (s.iterations() > 1 ? " #" + iteration : "");
      this.ns = s.target().namespace();
      this.name = s.target().deployment();
      this.timer = new PhaseTimer(ticker);
      this.startedAt = clock.instant();
      this.lever = Lever.of(client, s, id, ticker, m -> say.note(label, m));
    }

    DrillResult execute() {
      Verdict verdict;
      String reason;
      try {
        drill();
        long slo = s.slo().toNanos();
        if (triggerToHealthy <= slo) {
          verdict = Verdict.PASSED;
          reason =
              "trigger-to-healthy " + Durations.format(Duration.ofNanos(triggerToHealthy))
                  + " within SLO " + Durations.format(s.slo());
        } else {
          verdict = Verdict.SLO_MISSED;
          reason = sloMissReason();
        }
      } catch (DrillFailure | GateException | ProcedureException e) {
        verdict = refusedBeforeAnyChange() ? Verdict.REFUSED : Verdict.FAILED;
        reason = e.getMessage();
        if (e instanceof ProcedureException pe && pe.output() != null) {
          procedureOutput = pe.output();
        }
      } catch (DemoFixture.NotOurs e) {
        // Refused before the fixture touched anything: someone else's objects are in the way.
        verdict = refusedBeforeAnyChange() ? Verdict.REFUSED : Verdict.FAILED;
        reason = "preflight: " + e.getMessage();
      } catch (KubernetesClientException e) {
        verdict = Verdict.ERROR;
        reason = "Kubernetes API error" + (timer.current() == null ? "" : " in " + timer.current()) + ": " + apiMessage(e);
      } catch (Throwable e) {
        // Anything at all, an Error included: the target is restored and the lease released below.
        verdict = Verdict.ERROR;
        reason = "harness error: " + e;
      } finally {
        timer.end();
      }
      return finish(verdict, reason, false);
    }

    /** A failure in preflight or before it, with nothing changed: the drill was refused, not run. */
    private boolean refusedBeforeAnyChange() {
      return !changed && (timer.current() == null || timer.current() == Phase.PREFLIGHT);
    }

    /**
     * Everything a drill owes its target once its phases are over, each step whatever the others
     * did: restore it if it was left changed, stop the load, drop the annotation and the lease
     * (which stops the lease's renewer), close the watch, remove the shutdown hook. Then the record,
     * written by the {@link Recorder}. Runs once: the drill's thread and the shutdown hook may both
     * get here, and whoever comes second gets the first one's result. {@code stopped}: the
     * shutdown hook's call, whose reason then says how the restore went.
     */
    private synchronized DrillResult finish(Verdict verdict, String reason, boolean stopped) {
      if (result != null) {
        return result;
      }
      // A restore after the phases is part of what users see: the load keeps running through it.
      long restoreStart = ticker.nanos();
      boolean restoring = changed && !restored;
      RevisionRef procedureResult = restoredRef;
      restoreProblem = step("restore", this::restoreIfNeeded);
      if (lever.leavesChangeLive() && procedureResult != null) {
        restoredRef = procedureResult; // the record keeps the fix the procedure rolled forward to
      }
      String loadProblem = step("stopping the load", () -> {
        stopLoad(restoring ? restoreStart : null);
        return null;
      });
      String releaseProblem = step("releasing the target", this::releaseTarget);
      String watchProblem = step("closing the watch", () -> {
        if (watch != null) {
          watch.close();
        }
        return null;
      });
      step("removing the shutdown hook", () -> {
        removeShutdownHook();
        return null;
      });
      String problem = restoreProblem != null ? restoreProblem : releaseProblem;
      if (problem != null) {
        verdict = Verdict.ERROR;
        reason = reason + "; RESTORE FAILED: " + problem;
      } else if (stopped) {
        reason = reason + "; " + (!changed ? "nothing had been changed"
            : !restoring ? "the target was already back on known-good"
            : lever.restoredWords());
      }
      for (String harness : new String[] {loadProblem, watchProblem}) {
        if (harness != null) {
          verdict = Verdict.ERROR;
          reason = reason + "; harness error: " + harness;
        }
      }
      if (triggerToHealthy != null) {
        timer.recordSpan(Phase.TRIGGER_TO_HEALTHY, triggerToHealthy);
      }
      reason = redactor.redact(reason);
      procedureOutput = redactor.redact(procedureOutput);
      DrillRecord record = record(verdict, reason);
      say.note(label, verdict + ": " + reason);
      result = new DrillResult(record, timer.histograms(), procedureOutput, timer.starts(), loadTotals);
      if (recorder != null) {
        try {
          result = result.written(recorder.write(result), null);
        } catch (Exception e) {
          result = result.written(null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
      }
      listener.recorded(label, result);
      return result;
    }

    /** Runs one clean-up step; null when it went well, else what went wrong (an Error included). */
    private String step(String what, java.util.concurrent.Callable<String> step) {
      try {
        return step.call();
      } catch (Throwable t) {
        return what + " failed: " + t;
      }
    }

    /** Starts the scenario's synthetic load, if it has one. */
    void startLoad() {
      if (s.load() != null) {
        load = LoadSession.start(cluster, ns, s.load(), ticker, m -> say.note(label, m));
      }
    }

    /** Stops the load, if any, and keeps what it saw for the record. */
    void stopLoad(Long restoreStart) {
      if (load != null) {
        LoadSession.Seen seen = load.stop(timer.starts(), restoreStart, m -> say.note(label, m));
        impact = seen.impact();
        loadTotals = seen.totals();
      }
    }

    private String sloMissReason() {
      StringBuilder b =
          new StringBuilder("trigger-to-healthy ")
              .append(Durations.format(Duration.ofNanos(triggerToHealthy)))
              .append(" exceeded SLO ")
              .append(Durations.format(s.slo()))
              .append(" (");
      String sep = "";
      for (Phase p : Phase.triggerToHealthy()) {
        if (timer.duration(p) != null) {
          b.append(sep).append(p).append(' ').append(Durations.format(Duration.ofNanos(timer.duration(p))));
          sep = ", ";
        }
      }
      Phase slowest =
          Phase.triggerToHealthy().stream()
              .filter(p -> timer.duration(p) != null)
              .max((a, c) -> Long.compare(timer.duration(a), timer.duration(c)))
              .orElse(Phase.HEALTHY);
      return b.append("; slowest: ").append(slowest).append(')').toString();
    }

    void drill() throws DrillFailure, ProcedureException {
      // Refusals come first: a refused drill must not even reset a fixture.
      guard();
      if (s.target().fixtureKind() != null) {
        say.note(label, "setting up the " + (s.target().fixtureKind() == Fixture.DEMO ? "demo service"
            : s.target().fixture() + " demo") + " in namespace " + ns);
        DemoFixture.reset(client, ns, s.target().fixtureKind());
      }
      timer.begin(Phase.PREFLIGHT);
      String detail = preflight();
      String leverDetail = lever.preflight(watch, knownGoodHash, s.timeouts().preflight(), this::describe);
      detail = leverDetail == null ? detail : detail + "; " + leverDetail;
      // What the lever will change goes into the known-good record too, before the change:
      // `drill recover` puts it back if this process is killed.
      knownGoodRecord = knownGoodRecord.withLever(lever.selector(), lever.flag());
      knownGoodRecord.record(lease);
      synchronized (this) {
        stopIfStopping(Phase.PREFLIGHT);
        String prepared = lever.prepare(history);
        if (prepared != null) {
          say.note(label, prepared);
        }
      }
      startLoad();
      next(Phase.DEPLOY, ticker.nanos(), Phase.PREFLIGHT, detail);
      // Set before the call, under the run's lock: stopped while it is in flight, the shutdown hook
      // must still restore (and finds the target already on known-good if the change never landed).
      synchronized (this) {
        stopIfStopping(Phase.DEPLOY);
        changed = true;
        lever.apply(watch);
      }
      detail = lever.awaitApplied(watch, s.timeouts().deploy(), this::describe);
      candidateRef = lever.candidate();
      // Deploy ends at the event that showed the change (never before deploy began).
      long applied = lever.appliedAt();
      next(Phase.DETECT, applied == Long.MIN_VALUE ? ticker.nanos()
          : Math.max(timer.starts().get(Phase.DEPLOY.recordName()), applied), Phase.DEPLOY, detail);
      detail = detect();
      long trigger = ticker.nanos();
      next(Phase.TRIGGER, trigger, Phase.DETECT, detail);

      RollbackProcedure procedure = Procedures.of(s.rollback());
      RollbackProcedure.Outcome outcome;
      // The procedure acts as the on-call identity when one is configured (--as): a drill proves
      // that they can roll back. Everything else (watching, restoring) stays the harness's own.
      KubernetesClient procedureClient = options.asUser() == null ? client
          : new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
              dev.rollbackdrill.guard.AccessCheck.impersonating(client.getConfiguration(), options.asUser(),
                  options.asGroups())).build();
      try {
        ProcedureContext ctx =
            new ProcedureContext(
                procedureClient,
                ns,
                name,
                Rollouts.revision(knownGood),
                knownGoodHash,
                s.timeouts().rollback(),
                s.target().container(),
                lever.selector(),
                lever.flag());
        say.note(label, "trigger: " + procedure.describe(ctx)
            + (options.asUser() == null ? "" : " (as " + DrillGuard.identity(options) + ")"));
        // Under the run's lock: a SIGTERM's restore waits for a procedure that is running, and once it
        // has begun, no procedure follows it (an undo to "previous" would bring the candidate back).
        synchronized (this) {
          stopIfStopping(Phase.TRIGGER);
          outcome = procedure.run(ctx);
        }
      } finally {
        if (procedureClient != client) {
          procedureClient.close();
        }
      }
      procedureOutput = outcome.output();
      long returned = ticker.nanos();
      next(Phase.ACCEPTED, returned, Phase.TRIGGER, outcome.summary());

      // The controller may see the change before the API call returns: clamp so phases never overlap.
      long accepted;
      try {
        accepted = Math.max(returned, lever.awaitAccepted(watch, s.timeouts().rollback(), this::describe));
      } catch (GateException e) {
        throw notAccepted(e, outcome);
      }
      next(Phase.HEALTHY, accepted, Phase.ACCEPTED, lever.acceptedDetail(watch));

      long healthy = Math.max(accepted, lever.awaitHealthy(watch, s.timeouts().healthy(), this::describe));
      String healthyDetail = lever.healthyDetail(watch, accepted);
      if (s.healthy().http() != null && !lever.probesHttpItself()) {
        // Recovered means users get answers too: the HTTP checks are part of healthy, which ends
        // when the last of them began its final streak, never before the rollout or switch did.
        // (A kill switch's healthy is made of these probes already.)
        Duration left = s.timeouts().healthy().minus(Duration.ofNanos(Math.max(0, ticker.nanos() - accepted)));
        healthy = Math.max(healthy, httpProbes().await(Phase.HEALTHY + ": HTTP checks", httpUrls(),
            left.isNegative() ? Duration.ofMillis(1) : left));
        healthyDetail = healthyDetail + "; " + s.healthy().http().path() + " answered "
            + s.healthy().http().expectStatus() + " " + s.healthy().http().consecutive() + " times in a row";
      }
      triggerToHealthy = healthy - trigger;
      // After a roll-forward the target runs the fix, not known-good: finish() restores it after the phases.
      restored = !lever.leavesChangeLive();
      next(Phase.VERIFY, healthy, Phase.HEALTHY,
          healthyDetail + "; trigger-to-healthy " + Durations.format(Duration.ofNanos(triggerToHealthy)));
      restoredRef = currentRef();
      String checked = lever.verify(watch);
      timer.end();
      ended(Phase.VERIFY, checked);
    }

    /** The procedure returned but the rollback was not seen: say whether anything changed at all. */
    private DrillFailure notAccepted(GateException e, RollbackProcedure.Outcome outcome) {
      TargetWatch.Snapshot snap = watch.snapshot();
      if (lever.unchanged(snap)) {
        return new DrillFailure(Phase.ACCEPTED + ": the procedure returned (" + outcome.summary() + ") but changed nothing"
            + " within " + Durations.format(s.timeouts().rollback()) + "; the target is still on the change ("
            + describe(snap) + ")");
      }
      return new DrillFailure(e.getMessage());
    }

    /** Ends {@code prev} and starts {@code phase} at the same instant, then reports {@code prev}. */
    private void next(Phase phase, long at, Phase prev, String detail) {
      timer.beginAt(phase, at);
      ended(prev, detail);
    }

    private void ended(Phase phase, String detail) {
      Long d = timer.duration(phase);
      say.phaseEnded(label, phase.recordName(), d == null ? 0 : d, detail);
    }

    /**
     * What must hold before anything is touched, a fixture included ({@link DrillGuard}); the
     * lease is then ours for the whole drill.
     */
    void guard() throws DrillFailure {
      serverVersion();
      lease = DrillGuard.check(cluster, client, s, options, dev.rollbackdrill.guard.DrillLease.runnerIdentity(executedBy, id),
          clock);
    }

    String preflight() throws DrillFailure {
      original = client.apps().deployments().inNamespace(ns).withName(name).get();
      if (original == null) {
        throw new DrillFailure("preflight: deployment " + ns + "/" + name + " not found");
      }
      Map<String, String> selector = original.getSpec().getSelector() == null ? null
          : original.getSpec().getSelector().getMatchLabels();
      if (s.target().fixtureKind() != null && selector != null && !selector.isEmpty()) {
        // The fixture was created a moment ago: its first rollout is ours to wait for.
        watch = new TargetWatch(client, ns, name, selector, ticker).start();
        HealthGate.named(
                Phase.PREFLIGHT + ": target healthy",
                snap -> Rollouts.complete(snap.deployment())
                    && Rollouts.current(snap.deployment(), snap.replicaSets()).isPresent())
            .await(watch, s.timeouts().preflight(), this::describe);
        original = watch.snapshot().deployment();
      }
      // A team's own Deployment is taken as it is: mid-rollout, paused or without history, it is
      // refused at once, with the same words as the dry run.
      List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
      Optional<String> refusal = TargetPreflight.refusal(s, original, rss);
      if (refusal.isPresent()) {
        throw new DrillFailure("preflight: " + refusal.get());
      }
      if (watch == null) {
        watch = new TargetWatch(client, ns, name, selector, ticker).start();
      }
      knownGood = Rollouts.current(original, rss).orElseThrow();
      knownGoodHash = Rollouts.hash(knownGood);
      try {
        CandidateChange.apply(original.getSpec().getTemplate(), s.change(), s.target().container(), id);
      } catch (IllegalArgumentException e) {
        throw new DrillFailure("preflight: " + e.getMessage());
      }
      history = dev.rollbackdrill.guard.RolloutHistory.of(original, rss);
      // Written before anything changes, onto the drill's own lease (never the target, whose
      // annotations the controller copies): `drill recover` restores from it if this process is killed.
      knownGoodRecord = new dev.rollbackdrill.guard.KnownGood(id, lease.holder(), startedAt, Rollouts.revision(knownGood),
          knownGoodHash, Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()),
          original.getSpec().getProgressDeadlineSeconds(), original.getSpec().getTemplate(), history);
      knownGoodRecord.record(lease);
      installShutdownHook();
      return ("known-good is revision " + Rollouts.revision(knownGood) + " ("
          + Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()) + ")"
          + (Rollouts.changeCause(knownGood) == null ? "" : ", " + Rollouts.changeCause(knownGood)));
    }

    /** The detect phase: the scenario's detector, on what the drill has seen so far. */
    String detect() throws DrillFailure {
      return Detector.of(s.detect().type()).await(new Detection(watch, knownGoodHash, lever.candidateHash(), s.change().type(),
          s.detect(), s.timeouts().detect(), ticker, load == null ? null : load.generator(), this::describe));
    }

    /** The revision the target runs now, for the record. */
    private RevisionRef currentRef() {
      TargetWatch.Snapshot snap = watch.snapshot();
      return Rollouts.current(snap.deployment(), snap.replicaSets()).map(rs -> new RevisionRef(Rollouts.revision(rs),
          Rollouts.image(rs.getSpec().getTemplate(), s.target().container()), Rollouts.changeCause(rs))).orElse(null);
    }

    private ProbeStreaks httpProbes() {
      HttpCheck check = s.healthy().http();
      return new ProbeStreaks(client, ticker, check.expectStatus(), check.consecutive(), FlagLever.PROBE_INTERVAL);
    }

    /** What healthy.http probes: its Service, else every live pod of the revision now current. */
    private Map<String, String> httpUrls() {
      TargetWatch.Snapshot snap = watch.snapshot();
      String hash = Rollouts.current(snap.deployment(), snap.replicaSets()).map(Rollouts::hash).orElse(knownGoodHash);
      return ApiServerProxy.checkUrls(client, ns, s.healthy().http(), snap.livePodsOf(hash));
    }

    String describe(TargetWatch.Snapshot snap) {
      Deployment d = snap.deployment();
      if (d == null) {
        return "deployment not found";
      }
      StringBuilder b = new StringBuilder("revision ").append(Rollouts.revision(d));
      String waiting = Rollouts.waitingFor(d);
      b.append(waiting.isEmpty() ? ", rollout complete" : ", " + waiting);
      for (Pod p : snap.pods()) {
        if (Rollouts.terminating(p)) {
          continue;
        }
        String reason = Rollouts.waitingReason(p);
        b.append("; ").append(p.getMetadata().getName()).append(Rollouts.ready(p) ? " ready" : " not ready");
        if (reason != null) {
          b.append(" (").append(reason).append(')');
        }
        if (Rollouts.restarts(p) > 0) {
          b.append(" restarts=").append(Rollouts.restarts(p));
        }
      }
      return b.toString();
    }

    /** The API server's version, asked once (early, so a shutdown hook need not ask a server that is going away). */
    String serverVersion() {
      if (serverVersion == null) {
        try {
          serverVersion = client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
          return "unknown";
        }
      }
      return serverVersion;
    }

    /**
     * Once the target is known to be back on known-good: put its rollout history back as found
     * and delete the lease, and the drill's record with it. A target that is not back keeps both,
     * for {@code drill recover}.
     */
    synchronized String releaseTarget() {
      if (lease == null) {
        return null;
      }
      if (changed && !restored || restoreProblem != null) {
        return keepRecord("the target was not restored, so its lease " + dev.rollbackdrill.guard.DrillLease.leaseName(name)
            + " keeps the drill's record: run `drill recover --namespace " + ns + "`");
      }
      try {
        if (history != null) {
          List<String> done = new java.util.ArrayList<>();
          String left = history.putBackAndSettle(client, ns, name, id, Duration.ofSeconds(30), ticker::nanos, done);
          if (left != null) {
            return keepRecord(left + "; the lease keeps the drill's record: run `drill recover --namespace " + ns + "`");
          }
          say.note(label, "history: as found (" + history.describe() + ")"
              + (done.isEmpty() ? "" : "; " + String.join(", ", done)));
        }
        lease.close();
        lease = null;
        return null;
      } catch (KubernetesClientException e) {
        return keepRecord("could not put the rollout history back: " + apiMessage(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return keepRecord("interrupted while putting the rollout history back");
      }
    }

    /**
     * Leaves the lease, and the drill's record on it, for {@code drill recover}: the target is not
     * back as found. Returns {@code problem}.
     */
    private String keepRecord(String problem) {
      lease.abandon();
      lease = null;
      return problem;
    }

    /**
     * Puts the target back on known-good if the drill changed it and did not see it restored, with
     * the same retries for every kind of change (an API server restarting mid-restore must not
     * leave a Service on the wrong colour or a flag on, any more than a Deployment); then what goes
     * back after every drill (a shortened progress deadline), whatever its verdict.
     */
    synchronized String restoreIfNeeded() {
      String restore = changed && !restored ? restore() : null;
      String after = lever.afterDrill(s.timeouts().healthy());
      return restore != null ? restore : after;
    }

    private String restore() {
      say.note(label, "restoring " + lever.restoreDescription());
      try {
        String gone = RestoreRetry.run(ticker, s.timeouts().healthy(), Thread::sleep, m -> say.note(label, m),
            () -> lever.putBack(s.timeouts().rollback()));
        if (gone != null) {
          return gone;
        }
        if (watch == null) {
          return null;
        }
        lever.awaitRestored(watch, s.timeouts().healthy(), this::describe);
        RevisionRef back = lever.restoredRef(watch);
        if (back != null) {
          restoredRef = back;
        }
        restored = true;
        say.note(label, back == null ? "restored: the known-good state is healthy again"
            : "restored: known-good template is healthy again (revision " + back.revision() + ")");
        return null;
      } catch (ProcedureException | GateException e) {
        return e.getMessage();
      } catch (KubernetesClientException e) {
        return apiMessage(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while restoring";
      } catch (RuntimeException e) {
        return e.toString();
      }
    }

    private void installShutdownHook() {
      shutdownHook = new Thread(() -> {
        stopping = true;
        Phase phase = timer.current();
        timer.end(); // the phase the drill was in ran until now
        // The JVM exits when this returns, before the drill's own thread could write the record:
        // the hook ends the drill itself (restore, release, record), unless that thread already did.
        finish(Verdict.ERROR, "stopped by SIGTERM or Ctrl-C" + (phase == null ? "" : " during " + phase), true);
        if (restoreProblem != null) {
          System.err.println(redactor.redact("rollback-drill: could not restore " + ns + "/" + name + ": " + restoreProblem));
        }
      }, "rollback-drill-restore-" + id);
      try {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        shutdownHook = null;
      }
    }

    private void stopIfStopping(Phase phase) throws DrillFailure {
      if (stopping) {
        throw new DrillFailure(phase + ": the drill was stopped (SIGTERM or Ctrl-C); the target is being restored");
      }
    }

    private void removeShutdownHook() {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run
        }
      }
    }

    DrillRecord record(Verdict verdict, String reason) {
      RevisionRef kg = knownGood == null ? null : new RevisionRef(Rollouts.revision(knownGood),
          Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()), Rollouts.changeCause(knownGood));
      String version = serverVersion();
      return new DrillRecord(
          DrillRecord.FORMAT_VERSION,
          DrillRecordIds.id(startedAt, s.name(), iteration, id),
          new DrillRecord.ScenarioRef(
              s.name(),
              s.source() == null ? null : s.source().toString(),
              s.sha256(),
              s.tags(),
              s.rollback().procedure().yamlName(),
              s.change().type().name().toLowerCase(java.util.Locale.ROOT),
              s.change().fault() == null ? null : s.change().fault().yamlName()),
          new DrillRecord.ClusterRef(cluster.provider(), cluster.name(), version),
          ns,
          name,
          kg,
          candidateRef,
          restoredRef,
          executedBy,
          startedAt,
          clock.instant(),
          iteration,
          timer.durations(),
          triggerToHealthy,
          s.slo().toNanos(),
          verdict,
          reason,
          null,
          procedureOutput == null || procedureOutput.isEmpty() ? null : ProcedureOutput.clip(procedureOutput),
          impact);
    }
  }

  static String apiMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
    }
    // No answer at all (API server down or restarting): the reason is in the innermost cause.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage()
        : e.getMessage() + " (" + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName()) + ")";
  }
}
