package dev.rollbackdrill.drill;

import static dev.rollbackdrill.health.Rollouts.CHANGE_CAUSE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.fault.CandidateChange;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.health.ProbeStreaks;
import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.health.TargetWatch;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.load.ApiServerProxy;
import dev.rollbackdrill.load.ImpactAccounting;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.ProcedureOutput;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.procedure.RevisionUndo;
import dev.rollbackdrill.procedure.RollbackProcedure;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Detect;
import dev.rollbackdrill.scenario.DetectType;
import dev.rollbackdrill.scenario.HttpCheck;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.scenario.Load;
import dev.rollbackdrill.scenario.Procedure;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.PhaseTimer;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

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

  /** The phase names, as recorded. */
  public static final String PREFLIGHT = "preflight";
  public static final String DEPLOY = "deploy";
  public static final String DETECT = "detect";
  public static final String TRIGGER = "trigger";
  public static final String ACCEPTED = "rollback-accepted";
  public static final String HEALTHY = "healthy";
  public static final String VERIFY = "verify";
  public static final String TRIGGER_TO_HEALTHY = "trigger-to-healthy";
  /** Not a phase: the load's name for the time the drill spent restoring the target after its phases. */
  public static final String RESTORE = "restore";

  private final ClusterHandle cluster;
  private final KubernetesClient client;
  private final Clock clock;
  private final Ticker ticker;
  private final DrillListener listener;
  private Options options = Options.DEFAULTS;

  /**
   * What a drill may touch and as whom: namespaces allowed without the opt-in label; the on-call
   * identity (user, groups) the procedure runs as, null for the harness's own; whether a cluster
   * that looks like production is allowed, and the patterns that say so.
   */
  public record Options(java.util.Set<String> allowedNamespaces, String asUser, List<String> asGroups,
      boolean allowProduction, List<String> productionPatterns) {
    public static final Options DEFAULTS = new Options(java.util.Set.of(), null, List.of());

    /** Production refused by the default patterns. */
    public Options(java.util.Set<String> allowedNamespaces, String asUser, List<String> asGroups) {
      this(allowedNamespaces, asUser, asGroups, false, dev.rollbackdrill.guard.ContextGuard.DEFAULT_PATTERNS);
    }
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
    long candidateGeneration = -1;
    /** The candidate's patch shortened progressDeadlineSeconds (detect: rollout-stalled). */
    boolean deadlineChanged;
    /** Arrival of the watch event that showed the candidate's ReplicaSet: the end of deploy. */
    long candidateCreatedAt = Long.MIN_VALUE;
    String candidateHash;
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
    boolean annotated;
    /** Null for a new Deployment revision (noop, broken): that path is this class's own. */
    final Lever lever;
    dev.rollbackdrill.guard.KnownGood knownGoodRecord;
    LoadGenerator load;
    KubernetesClient loadClient;
    String loadTarget;
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
      this.lever = switch (s.change().type()) {
        case SWITCH -> new BlueGreenLever(client, ns, name, s.target().container(), s.target().service(),
            s.change().switchTo());
        case FLAG -> new FlagLever(client, ns, name, s.change().flag(), s.healthy().http(), ticker);
        case NOOP, BROKEN -> null;
      };
    }

    boolean rollsForward() {
      return s.rollback().procedure() == Procedure.ROLL_FORWARD;
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
        verdict = !changed && (timer.current() == null || PREFLIGHT.equals(timer.current())) ? Verdict.REFUSED : Verdict.FAILED;
        reason = e.getMessage();
        if (e instanceof ProcedureException pe && pe.output() != null) {
          procedureOutput = pe.output();
        }
      } catch (DemoFixture.NotOurs e) {
        // Refused before the fixture touched anything: someone else's objects are in the way.
        verdict = !changed && (timer.current() == null || PREFLIGHT.equals(timer.current())) ? Verdict.REFUSED : Verdict.FAILED;
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
      if (rollsForward() && procedureResult != null) {
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
            : lever == null ? "the target was restored to known-good revision " + Rollouts.revision(knownGood)
                + " and seen healthy"
            : "the target was restored to its known-good state and seen healthy");
      }
      for (String harness : new String[] {loadProblem, watchProblem}) {
        if (harness != null) {
          verdict = Verdict.ERROR;
          reason = reason + "; harness error: " + harness;
        }
      }
      if (triggerToHealthy != null) {
        timer.recordSpan(TRIGGER_TO_HEALTHY, triggerToHealthy);
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

    /** Starts the scenario's synthetic load, on a client of its own so it never delays the drill's calls. */
    void startLoad() {
      Load l = s.load();
      if (l == null) {
        return;
      }
      loadClient = cluster.newClient();
      // Connect first: a TLS handshake with the API server is not what users see.
      ApiServerProxy.warmUp(loadClient);
      loadTarget = l.describe();
      String url = ApiServerProxy.serviceUrl(loadClient, ns, l.service(), l.port(), l.path());
      load = new LoadGenerator(LoadGenerator.proxyGet(loadClient, url), ticker, l.ratePerSecond(), l.timeout(),
          l.maxDuration(), l.maxRequests()).start();
      say.note(label, "load: " + l.rate() + " GET " + loadTarget + " through the API server");
    }

    /** Stops the load and accounts for every request by the phase it started in (or the restore). */
    void stopLoad(Long restoreStart) {
      if (load == null) {
        return;
      }
      try {
        loadTotals = load.stop();
        List<ImpactAccounting.Boundary> spans = new java.util.ArrayList<>();
        timer.starts().forEach((phase, at) -> spans.add(new ImpactAccounting.Boundary(phase, at)));
        if (restoreStart != null) {
          spans.add(new ImpactAccounting.Boundary(RESTORE, restoreStart));
        }
        impact = ImpactAccounting.compute(loadTarget, s.load().ratePerSecond(), load.samples(), spans);
        DrillRecord.LoadStats t = impact.total();
        say.note(label, String.format(java.util.Locale.ROOT, "user impact: %d requests, %d failed (%.1f%%), p50 %s, p99 %s%s",
            t.requests(), t.failed(), 100 * t.errorRate(), ms(t.p50Nanos()), ms(t.p99Nanos()),
            t.firstFailedAtNanos() == null ? "" : "; failures from +" + Durations.format(Duration.ofNanos(t.firstFailedAtNanos()))
                + " to +" + Durations.format(Duration.ofNanos(t.lastFailedAtNanos())) + " into the drill"));
      } finally {
        loadClient.close();
      }
    }

    private String ms(Long nanos) {
      return nanos == null ? "-" : Durations.format(Duration.ofNanos(nanos));
    }

    private String sloMissReason() {
      StringBuilder b =
          new StringBuilder("trigger-to-healthy ")
              .append(Durations.format(Duration.ofNanos(triggerToHealthy)))
              .append(" exceeded SLO ")
              .append(Durations.format(s.slo()))
              .append(" (");
      Map<String, Long> d = timer.durations();
      String sep = "";
      for (String p : List.of(TRIGGER, ACCEPTED, HEALTHY)) {
        if (d.containsKey(p)) {
          b.append(sep).append(p).append(' ').append(Durations.format(Duration.ofNanos(d.get(p))));
          sep = ", ";
        }
      }
      String slowest =
          List.of(TRIGGER, ACCEPTED, HEALTHY).stream()
              .filter(d::containsKey)
              .max((a, c) -> Long.compare(d.get(a), d.get(c)))
              .orElse(HEALTHY);
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
      timer.begin(PREFLIGHT);
      String detail = preflight();
      if (lever != null) {
        detail = detail + "; " + lever.preflight(watch, knownGoodHash, s.timeouts().preflight(), this::describe);
        // The selector or flag the lever will change goes into the known-good record too, before
        // the change: `drill recover` puts it back if this process is killed.
        knownGoodRecord.withLever(lever.selector(), lever.flag()).annotate(client, ns, name);
        original = client.apps().deployments().inNamespace(ns).withName(name).get();
      }
      startLoad();
      next(DEPLOY, ticker.nanos(), PREFLIGHT, detail);
      if (lever != null) {
        // As for a revision: set before the call, under the run's lock (see deployCandidate).
        synchronized (this) {
          stopIfStopping(DEPLOY);
          changed = true;
          lever.apply(watch);
        }
        detail = lever.awaitApplied(watch, s.timeouts().deploy(), this::describe);
        candidateRef = lever.candidate();
      } else {
        detail = deployCandidate();
      }
      // Deploy ends at the event that showed the candidate (a lever's own waits are its business).
      next(DETECT, candidateCreatedAt == Long.MIN_VALUE ? ticker.nanos()
          : Math.max(timer.starts().get(DEPLOY), candidateCreatedAt), DEPLOY, detail);
      detail = detect();
      long trigger = ticker.nanos();
      next(TRIGGER, trigger, DETECT, detail);

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
                lever == null ? null : lever.selector(),
                lever == null ? null : lever.flag());
        say.note(label, "trigger: " + procedure.describe(ctx)
            + (options.asUser() == null ? "" : " (as " + identity() + ")"));
        // Under the run's lock: a SIGTERM's restore waits for a procedure that is running, and once it
        // has begun, no procedure follows it (an undo to "previous" would bring the candidate back).
        synchronized (this) {
          stopIfStopping(TRIGGER);
          outcome = procedure.run(ctx);
        }
      } finally {
        if (procedureClient != client) {
          procedureClient.close();
        }
      }
      procedureOutput = outcome.output();
      long returned = ticker.nanos();
      next(ACCEPTED, returned, TRIGGER, outcome.summary());

      // The controller may see the change before the API call returns: clamp so phases never overlap.
      long accepted;
      String acceptedDetail;
      try {
        if (lever != null) {
          accepted = Math.max(returned, lever.awaitAccepted(watch, s.timeouts().rollback(), this::describe));
          acceptedDetail = lever.acceptedDetail(watch);
        } else {
          accepted =
              Math.max(
                  returned,
                  HealthGate.named(
                          ACCEPTED,
                          snap ->
                              snap.deployment().getMetadata().getGeneration() > candidateGeneration
                                  && Rollouts.observed(snap.deployment()))
                      .await(watch, s.timeouts().rollback(), this::describe));
          acceptedDetail = "controller observed generation " + watch.snapshot().deployment().getMetadata().getGeneration();
        }
      } catch (GateException e) {
        throw notAccepted(e, outcome);
      }
      next(HEALTHY, accepted, ACCEPTED, acceptedDetail);

      long healthy;
      String healthyDetail;
      if (lever != null) {
        healthy = Math.max(accepted, lever.awaitHealthy(watch, s.timeouts().healthy(), this::describe));
        healthyDetail = lever.healthyDetail(watch, accepted);
      } else {
        healthy =
            Math.max(
                accepted,
                (rollsForward()
                        ? HealthGate.named(HEALTHY, this::healthyOnFix)
                        : HealthGate.named(HEALTHY, this::healthyOnKnownGood).failFast(this::wrongRevision))
                    .await(watch, s.timeouts().healthy(), this::describe));
        healthyDetail = "healthy on revision " + Rollouts.revision(watch.snapshot().deployment())
            + (rollsForward() ? " (rolled forward)" : "");
      }
      if (s.healthy().http() != null && !(lever instanceof FlagLever)) {
        // Recovered means users get answers too: the HTTP checks are part of healthy, which ends
        // when the last of them began its final streak, never before the rollout or switch did.
        // (A kill switch's healthy is made of these probes already.)
        Duration left = s.timeouts().healthy().minus(Duration.ofNanos(Math.max(0, ticker.nanos() - accepted)));
        healthy = Math.max(healthy, httpProbes().await(HEALTHY + ": HTTP checks", httpUrls(),
            left.isNegative() ? Duration.ofMillis(1) : left));
        healthyDetail = healthyDetail + "; " + s.healthy().http().path() + " answered "
            + s.healthy().http().expectStatus() + " " + s.healthy().http().consecutive() + " times in a row";
      }
      triggerToHealthy = healthy - trigger;
      // After a roll-forward the target runs the fix, not known-good: execute() restores it after the phases.
      restored = !rollsForward();
      next(VERIFY, healthy, HEALTHY,
          healthyDetail + "; trigger-to-healthy " + Durations.format(Duration.ofNanos(triggerToHealthy)));
      verify();
      String leverChecks = lever == null ? "" : "; " + lever.verify(watch);
      timer.end();
      ended(VERIFY, (rollsForward() ? "rolled-forward template verified" : "restored template verified")
          + leverChecks);
    }

    /** The procedure returned but the rollback was not seen: say whether anything changed at all. */
    private DrillFailure notAccepted(GateException e, RollbackProcedure.Outcome outcome) {
      TargetWatch.Snapshot snap = watch.snapshot();
      boolean nothing = lever != null
          ? lever.unchanged(snap)
          : snap.deployment() != null && snap.deployment().getMetadata().getGeneration() <= candidateGeneration;
      if (nothing) {
        return new DrillFailure(ACCEPTED + ": the procedure returned (" + outcome.summary() + ") but changed nothing"
            + " within " + Durations.format(s.timeouts().rollback()) + "; the target is still on the change ("
            + describe(snap) + ")");
      }
      return new DrillFailure(e.getMessage());
    }

    /** Healthy after a roll-forward: the rollout is complete on a new template, neither candidate nor older. */
    boolean healthyOnFix(TargetWatch.Snapshot snap) {
      Deployment d = snap.deployment();
      if (!Rollouts.complete(d) || d.getMetadata().getGeneration() <= candidateGeneration) {
        return false;
      }
      Optional<ReplicaSet> current = Rollouts.current(d, snap.replicaSets());
      if (current.isEmpty() || Rollouts.hash(current.get()).equals(candidateHash)) {
        return false;
      }
      int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      long ready = snap.livePodsOf(Rollouts.hash(current.get())).stream().filter(Rollouts::ready).count();
      return ready >= desired && snap.livePodsOf(candidateHash).isEmpty();
    }

    /** Ends {@code prev} and starts {@code phase} at the same instant, then reports {@code prev}. */
    private void next(String phase, long at, String prev, String detail) {
      timer.beginAt(phase, at);
      ended(prev, detail);
    }

    private void ended(String phase, String detail) {
      Long d = timer.durations().get(phase);
      say.phaseEnded(label, phase, d == null ? 0 : d, detail);
    }

    /** The on-call identity as the procedure acts: the user and every group it impersonates. */
    private String identity() {
      List<String> groups = dev.rollbackdrill.guard.AccessCheck.groupsOf(options.asUser(), options.asGroups());
      return (options.asUser() == null ? "" : options.asUser())
          + (groups.isEmpty() ? "" : " (groups " + String.join(", ", groups) + ")");
    }

    /**
     * What must hold before anything is touched, a fixture included: the namespace may be drilled,
     * the identity that will roll back may do so, and no other drill holds the target (the lease is
     * then ours for the whole drill).
     */
    void guard() throws DrillFailure {
      serverVersion();
      // Also checked before the cluster was connected to (engine, command line); this covers
      // every other way a runner is made.
      String production = options.allowProduction() ? null
          : dev.rollbackdrill.guard.ContextGuard.refusal(cluster, options.productionPatterns());
      if (production != null) {
        throw new DrillFailure("preflight: refused: " + production);
      }
      // A procedure that cannot run here would fail only after the change: refuse it now.
      java.util.Optional<String> unavailable = Procedures.of(s.rollback()).unavailableReason();
      if (unavailable.isPresent()) {
        throw new DrillFailure("preflight: " + unavailable.get());
      }
      if (s.target().fixture() != null && client.namespaces().withName(ns).get() == null) {
        // A fixture creates its namespace, marked for drills; create it now so the lease has a home.
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
            .withName(ns).addToLabels(Guardrails.DRILL_LABEL, "true").endMetadata().build()).create();
      }
      String refusal = options.allowedNamespaces().contains(ns) ? null : Guardrails.refuseNamespace(client, ns);
      if (refusal != null) {
        throw new DrillFailure("preflight: " + refusal);
      }
      if (options.asUser() == null && !options.asGroups().isEmpty()) {
        throw new DrillFailure("preflight: --as-group " + String.join(", ", options.asGroups()) + " needs --as:"
            + " Kubernetes impersonates groups only together with a user");
      }
      if (options.asUser() != null) {
        List<String> cannot = dev.rollbackdrill.guard.AccessCheck.mayNotImpersonate(client, options.asUser(),
            options.asGroups());
        if (!cannot.isEmpty()) {
          throw new DrillFailure("preflight: the harness's own identity may not impersonate " + identity()
              + ", so the procedure could not run as them; missing: " + String.join(", ", cannot));
        }
      }
      List<dev.rollbackdrill.guard.AccessCheck.Permission> missing = dev.rollbackdrill.guard.AccessCheck.missing(
          client, ns, dev.rollbackdrill.guard.AccessCheck.neededFor(s.rollback().procedure(), s.change().type()),
          options.asUser(), options.asGroups());
      if (!missing.isEmpty()) {
        throw new DrillFailure("preflight: " + (options.asUser() == null
                ? "the current identity" : "identity " + identity()) + " may not roll back in namespace " + ns
            + "; missing: " + missing.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
      }
      try {
        lease = dev.rollbackdrill.guard.DrillLease.acquire(client, ns, name,
            dev.rollbackdrill.guard.DrillLease.runnerIdentity(executedBy, id), clock);
      } catch (dev.rollbackdrill.guard.DrillLease.LeaseHeldException e) {
        throw new DrillFailure("preflight: " + e.getMessage());
      }
    }

    String preflight() throws DrillFailure {
      original = client.apps().deployments().inNamespace(ns).withName(name).get();
      if (original == null) {
        throw new DrillFailure("preflight: deployment " + ns + "/" + name + " not found");
      }
      if (Boolean.TRUE.equals(original.getSpec().getPaused())) {
        throw new DrillFailure("preflight: deployment " + ns + "/" + name + " is paused");
      }
      // With no revision history the known-good ReplicaSet is deleted as soon as the candidate
      // rolls out, and there is nothing to undo to.
      if (Integer.valueOf(0).equals(original.getSpec().getRevisionHistoryLimit())) {
        throw new DrillFailure("preflight: deployment " + ns + "/" + name
            + " keeps no revision history (revisionHistoryLimit: 0), so its known-good revision could not be rolled back to");
      }
      Map<String, String> selector = original.getSpec().getSelector().getMatchLabels();
      if (selector == null || selector.isEmpty()) {
        throw new DrillFailure("preflight: deployment " + ns + "/" + name + " has no matchLabels selector");
      }
      watch = new TargetWatch(client, ns, name, selector, ticker).start();
      HealthGate.named(
              PREFLIGHT + ": target healthy",
              snap -> Rollouts.complete(snap.deployment())
                  && Rollouts.current(snap.deployment(), snap.replicaSets()).isPresent())
          .await(watch, s.timeouts().preflight(), this::describe);
      TargetWatch.Snapshot snap = watch.snapshot();
      original = snap.deployment();
      knownGood = Rollouts.current(original, snap.replicaSets()).orElseThrow();
      knownGoodHash = Rollouts.hash(knownGood);
      if (s.rollback().procedure() == Procedure.ROLLOUT_UNDO && s.rollback().to() == dev.rollbackdrill.scenario.UndoTarget.REVISION) {
        // Named revisions go out of history: find out now, not after the candidate is deployed.
        String gone = RevisionRetention.problem(original, snap.replicaSets(), s.rollback().revision());
        if (gone != null) {
          throw new DrillFailure("preflight: " + gone);
        }
      }
      try {
        CandidateChange.apply(original.getSpec().getTemplate(), s.change(), s.target().container(), id);
      } catch (IllegalArgumentException e) {
        throw new DrillFailure("preflight: " + e.getMessage());
      }
      // Written before anything changes: `drill recover` restores from it if this process is killed.
      knownGoodRecord = new dev.rollbackdrill.guard.KnownGood(id, lease.holder(), startedAt, Rollouts.revision(knownGood),
          knownGoodHash, Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()),
          original.getSpec().getProgressDeadlineSeconds(), original.getSpec().getTemplate());
      knownGoodRecord.annotate(client, ns, name);
      annotated = true;
      original = client.apps().deployments().inNamespace(ns).withName(name).get();
      installShutdownHook();
      return ("known-good is revision " + Rollouts.revision(knownGood) + " ("
          + Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container()) + ")"
          + (Rollouts.changeCause(knownGood) == null ? "" : ", " + Rollouts.changeCause(knownGood)));
    }

    String deployCandidate() throws DrillFailure {
      PodTemplateSpec candidate =
          CandidateChange.apply(original.getSpec().getTemplate(), s.change(), s.target().container(), id);
      String cause =
          s.change().changeCause() != null
              ? s.change().changeCause()
              : "rollback-drill " + s.name() + ": "
                  + (s.change().type() == ChangeType.NOOP ? "no-op change" : s.change().fault().yamlName() + " candidate");
      ObjectMapper json = Serialization.jsonMapper();
      ArrayNode patch = json.createArrayNode();
      // Guarded by the generation, which only a spec change moves: someone else's change of the
      // template must fail the patch, the controller's status writes (new resourceVersions) must not.
      patch.addObject().put("op", "test").put("path", "/metadata/generation")
          .put("value", original.getMetadata().getGeneration());
      patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", json.valueToTree(candidate));
      // The annotations exist (the known-good one was just written): set only the change-cause.
      patch.addObject().put("op", "add").put("path", "/metadata/annotations/" + CHANGE_CAUSE.replace("/", "~1"))
          .put("value", cause);
      if (s.detect().progressDeadline() != null) {
        deadlineChanged = true; // put back after the drill, whatever its verdict (restoreIfNeeded)
        patch.addObject().put("op", "replace").put("path", "/spec/progressDeadlineSeconds")
            .put("value", Math.max(1, s.detect().progressDeadline().toSeconds()));
      }
      // Set before the call: stopped while it is in flight, the shutdown hook must still restore
      // (and finds the target already on known-good if the patch never landed).
      Deployment after;
      synchronized (this) {
        stopIfStopping(DEPLOY);
        changed = true;
        after = client.apps().deployments().inNamespace(ns).withName(name)
            .patch(PatchContext.of(PatchType.JSON), patch.toString());
      }
      candidateGeneration = after.getMetadata().getGeneration();
      candidateCreatedAt = HealthGate.named(
              DEPLOY + ": candidate revision created",
              snap -> Rollouts.observed(snap.deployment())
                  && snap.deployment().getMetadata().getGeneration() >= candidateGeneration
                  && Rollouts.current(snap.deployment(), snap.replicaSets())
                      .map(rs -> !knownGoodHash.equals(Rollouts.hash(rs)))
                      .orElse(false))
          .await(watch, s.timeouts().deploy(), this::describe);
      TargetWatch.Snapshot snap = watch.snapshot();
      ReplicaSet c = Rollouts.current(snap.deployment(), snap.replicaSets()).orElseThrow();
      candidateHash = Rollouts.hash(c);
      candidateRef = new RevisionRef(Rollouts.revision(c),
          Rollouts.image(c.getSpec().getTemplate(), s.target().container()), Rollouts.changeCause(c));
      return "candidate revision " + candidateRef.revision() + " (" + candidateRef.image() + ")";
    }

    String detect() throws DrillFailure {
      if (s.detect().type() == DetectType.ERROR_RATE) {
        return detectErrorRate();
      }
      Duration timeout = s.timeouts().detect();
      long start = ticker.nanos();
      Predicate<TargetWatch.Snapshot> bad;
      String what;
      switch (s.detect().type()) {
        case ROLLOUT_COMPLETE -> {
          bad = snap -> Rollouts.complete(snap.deployment())
              && Rollouts.current(snap.deployment(), snap.replicaSets())
                  .map(rs -> candidateHash.equals(Rollouts.hash(rs))).orElse(false)
              && snap.livePodsOf(knownGoodHash).isEmpty();
          what = "candidate rolled out completely";
        }
        case ROLLOUT_STALLED -> {
          bad = snap -> Rollouts.stalled(snap.deployment());
          what = "rollout stalled (progress deadline exceeded)";
        }
        case READINESS_FAILING -> {
          long need = s.detect().duration().toNanos();
          long[] since = {Long.MIN_VALUE};
          bad = snap -> {
            List<Pod> pods = snap.livePodsOf(candidateHash);
            boolean failing = !pods.isEmpty() && pods.stream().noneMatch(Rollouts::ready);
            if (!failing) {
              since[0] = Long.MIN_VALUE;
              return false;
            }
            long now = ticker.nanos();
            if (since[0] == Long.MIN_VALUE) {
              since[0] = now;
            }
            return now - since[0] >= need;
          };
          what = "candidate pods not ready for " + Durations.format(s.detect().duration());
        }
        case CRASH_LOOPING -> {
          int restarts = Math.max(1, s.detect().restarts());
          bad = snap -> snap.livePodsOf(candidateHash).stream().anyMatch(p -> Rollouts.restarts(p) >= restarts);
          what = "candidate pods restarted " + restarts + "+ times";
        }
        case DWELL -> {
          long need = s.detect().duration().toNanos();
          bad = snap -> ticker.nanos() - start >= need;
          what = "dwell of " + Durations.format(s.detect().duration()) + " elapsed";
        }
        default -> throw new IllegalStateException("unknown detect type " + s.detect().type());
      }
      boolean onTime = s.detect().type() == DetectType.READINESS_FAILING || s.detect().type() == DetectType.DWELL;
      try {
        (onTime ? HealthGate.onTime(DETECT, bad) : HealthGate.named(DETECT, bad))
            .failFast(snap -> snap.deployment() == null ? Optional.of("the deployment was deleted")
                : s.change().type() == ChangeType.BROKEN
                    && s.detect().type() != DetectType.DWELL
                    && s.detect().type() != DetectType.ERROR_RATE
                    && Rollouts.complete(snap.deployment())
                    && Rollouts.current(snap.deployment(), snap.replicaSets())
                        .map(rs -> candidateHash.equals(Rollouts.hash(rs))).orElse(false)
                ? Optional.of("the broken candidate rolled out healthy; the fault did not break it")
                : Optional.empty())
            .await(watch, timeout, this::describe);
      } catch (GateException e) {
        throw new DrillFailure("detect: the release was never detected as " + (s.change().type() == ChangeType.NOOP ? "good" : "bad")
            + " (" + e.getMessage() + ")");
      }
      return what;
    }

    /** Until more than the scenario's share of the load's requests failed over its window. */
    String detectErrorRate() throws DrillFailure {
      Detect d = s.detect();
      String rule = "error rate above " + percent(d.errorRateAbove()) + " over " + Durations.format(d.over());
      if (load == null) {
        throw new DrillFailure("detect: " + rule + " needs the scenario's load, and it has none");
      }
      try {
        load.awaitErrorRate(d.errorRateAbove(), d.over(), Detect.MIN_WINDOW_REQUESTS, s.timeouts().detect());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new DrillFailure("detect: the release was never detected as bad (" + rule + " not reached within "
            + Durations.format(s.timeouts().detect()) + "; " + e.getMessage() + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DrillFailure("detect: interrupted");
      }
      return rule;
    }

    private String percent(double fraction) {
      return new java.math.BigDecimal(fraction * 100).setScale(3, java.math.RoundingMode.HALF_UP)
          .stripTrailingZeros().toPlainString() + "%";
    }

    boolean healthyOnKnownGood(TargetWatch.Snapshot snap) {
      Deployment d = snap.deployment();
      if (!Rollouts.complete(d)) {
        return false;
      }
      Optional<ReplicaSet> current = Rollouts.current(d, snap.replicaSets());
      if (current.isEmpty() || !knownGoodHash.equals(Rollouts.hash(current.get()))) {
        return false;
      }
      int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      long ready = snap.livePodsOf(knownGoodHash).stream().filter(Rollouts::ready).count();
      return ready >= desired && (candidateHash == null || snap.livePodsOf(candidateHash).isEmpty());
    }

    Optional<String> wrongRevision(TargetWatch.Snapshot snap) {
      Deployment d = snap.deployment();
      if (d == null) {
        return Optional.of("the deployment was deleted");
      }
      if (!Rollouts.complete(d)) {
        return Optional.empty();
      }
      return Rollouts.current(d, snap.replicaSets())
          .filter(rs -> !knownGoodHash.equals(Rollouts.hash(rs)) && !rs.getMetadata().getUid().equals(
              Rollouts.byRevision(d, snap.replicaSets(), candidateRef == null ? -1 : candidateRef.revision())
                  .map(c -> c.getMetadata().getUid()).orElse("")))
          .map(rs -> "the rollback restored revision " + Rollouts.revision(rs) + " ("
              + Rollouts.image(rs.getSpec().getTemplate(), s.target().container())
              + "), which is not the known-good template (revision " + Rollouts.revision(knownGood) + ")");
    }

    void verify() throws DrillFailure {
      TargetWatch.Snapshot snap = watch.snapshot();
      ReplicaSet current = Rollouts.current(snap.deployment(), snap.replicaSets()).orElseThrow();
      restoredRef = new RevisionRef(Rollouts.revision(current),
          Rollouts.image(current.getSpec().getTemplate(), s.target().container()), Rollouts.changeCause(current));
      if (rollsForward()) {
        verifyFix(current);
      } else {
        String expected = Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container());
        if (!expected.equals(restoredRef.image())) {
          throw new DrillFailure("verify: restored image " + restoredRef.image() + " is not the known-good " + expected);
        }
      }
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

    /** The template now live carries the fix: its image, and its environment values. */
    private void verifyFix(ReplicaSet current) throws DrillFailure {
      String image = s.rollback().image() != null ? s.rollback().image() : candidateRef.image();
      if (!image.equals(restoredRef.image())) {
        throw new DrillFailure("verify: rolled-forward image " + restoredRef.image() + " is not the fix " + image);
      }
      io.fabric8.kubernetes.api.model.Container c = current.getSpec().getTemplate().getSpec().getContainers().stream()
          .filter(x -> s.target().container() == null || s.target().container().equals(x.getName()))
          .findFirst().orElseThrow();
      Map<String, String> env = new java.util.LinkedHashMap<>();
      if (c.getEnv() != null) {
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
      }
      for (Map.Entry<String, String> e : s.rollback().env().entrySet()) {
        if (!e.getValue().equals(env.get(e.getKey()))) {
          throw new DrillFailure("verify: the rolled-forward template does not set " + e.getKey() + " as the fix does");
        }
      }
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

    /** Once the target is known to be back on known-good: drop the annotation and the lease. */
    synchronized String releaseTarget() {
      try {
        if (annotated && (!changed || restored)) {
          dev.rollbackdrill.guard.KnownGood.clear(client, ns, name);
          annotated = false;
        }
        return null;
      } catch (KubernetesClientException e) {
        return "could not remove the known-good annotation: " + apiMessage(e);
      } finally {
        if (lease != null) {
          lease.close();
          lease = null;
        }
      }
    }

    /** Puts the target back on known-good if the drill changed it and did not see it restored. */
    synchronized String restoreIfNeeded() {
      // A rollback puts the template back, not the progress deadline the drill shortened to
      // detect a stall: that goes back even after a drill that passed.
      String deadline = restoreProgressDeadline();
      if (!changed || restored) {
        return deadline;
      }
      say.note(label, "restoring " + (lever == null
          ? "deployment/" + name + " to known-good revision " + Rollouts.revision(knownGood)
          : s.change().type() == ChangeType.SWITCH ? "service/" + s.target().service() + " to its known-good colour"
          : "flag " + s.change().flag().key() + " to its known-good value"));
      try {
        // The same retries for every kind of target: an API server restarting mid-restore must
        // not leave a Service on the wrong colour or a flag on, any more than a Deployment.
        String gone = RestoreRetry.run(ticker, s.timeouts().healthy(), Thread::sleep, m -> say.note(label, m), () -> {
          if (lever != null) {
            lever.putBack(s.timeouts().rollback());
            return null;
          }
          return putBackKnownGood();
        });
        if (gone != null) {
          return gone;
        }
        if (watch == null) {
          return null;
        }
        if (lever != null) {
          lever.awaitRestored(watch, s.timeouts().healthy(), this::describe);
          restored = true;
          say.note(label, "restored: the known-good state is healthy again");
          return null;
        }
        HealthGate.named("restore", this::healthyOnKnownGood)
            .await(watch, s.timeouts().healthy(), this::describe);
        TargetWatch.Snapshot snap = watch.snapshot();
        Rollouts.current(snap.deployment(), snap.replicaSets()).ifPresent(rs -> restoredRef = new RevisionRef(
            Rollouts.revision(rs), Rollouts.image(rs.getSpec().getTemplate(), s.target().container()),
            Rollouts.changeCause(rs)));
        restored = true;
        say.note(label, "restored: known-good template is healthy again (revision "
            + (restoredRef == null ? "?" : restoredRef.revision()) + ")");
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

    /** One attempt to put the known-good template back; a problem when the target is gone. */
    private String putBackKnownGood() throws ProcedureException {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      if (d == null) {
        return "deployment " + ns + "/" + name + " no longer exists";
      }
      List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
      boolean onKnownGood = Rollouts.current(d, rss).map(rs -> knownGoodHash.equals(Rollouts.hash(rs))).orElse(false);
      if (!onKnownGood) {
        Optional<ReplicaSet> kg = Rollouts.owned(d, rss).stream()
            .filter(rs -> knownGoodHash.equals(Rollouts.hash(rs))).findFirst();
        if (kg.isPresent()) {
          RevisionUndo.undo(client, ns, name, Rollouts.revision(kg.get()));
        } else {
          // The known-good ReplicaSet is gone (history limit): put the recorded template back.
          client.apps().deployments().inNamespace(ns).withName(name).edit(x -> {
            x.getSpec().setTemplate(original.getSpec().getTemplate());
            return x;
          });
        }
      }
      return null;
    }

    /**
     * Puts the target's own progress deadline back if the drill shortened it; null when done (or
     * nothing to do), else why not. A merge patch of that one field, so the controller's status
     * writes cannot make it conflict; retried while the API server does not answer.
     */
    private String restoreProgressDeadline() {
      if (!deadlineChanged) {
        return null;
      }
      Integer orig = original.getSpec().getProgressDeadlineSeconds();
      String patch = "{\"spec\":{\"progressDeadlineSeconds\":" + (orig == null ? "null" : orig) + "}}";
      try {
        RestoreRetry.run(ticker, s.timeouts().healthy(), Thread::sleep, m -> say.note(label, m), () -> {
          if (client.apps().deployments().inNamespace(ns).withName(name).get() != null) {
            client.apps().deployments().inNamespace(ns).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
          }
          return null;
        });
        deadlineChanged = false;
        return null;
      } catch (KubernetesClientException | ProcedureException e) {
        return "could not put progressDeadlineSeconds back to " + orig + ": "
            + (e instanceof KubernetesClientException k ? apiMessage(k) : e.getMessage());
      } catch (InterruptedException i) {
        Thread.currentThread().interrupt();
        return "interrupted while putting progressDeadlineSeconds back";
      }
    }

    private void installShutdownHook() {
      shutdownHook = new Thread(() -> {
        stopping = true;
        String phase = timer.current();
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

    private void stopIfStopping(String phase) throws DrillFailure {
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
