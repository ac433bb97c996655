package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.change.Lever;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.guard.Redactor;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.RollbackProcedure;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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
  public record Options(Set<String> allowedNamespaces, String asUser, List<String> asGroups) {
    public static final Options DEFAULTS = new Options(Set.of(), null, List.of());
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
    String id = UUID.randomUUID().toString().substring(0, 8);
    DrillDatabase database = DrillDatabase.of(s.database(), client, s.target().namespace());
    DrillRun run = new DrillRun(s, iteration, executedBy, id, new PhaseTimer(ticker), clock.instant(), database,
        say -> Lever.of(client, s, id, ticker, say, database), redactor(s), listener);
    // (Only asked of the provider when there is chaos: no drill without it pays for the lookup.)
    run.chaos = dev.rollbackdrill.chaos.ChaosSchedule.of(s.chaos(),
        run.chaosTarget(client, s.chaos().isEmpty() ? java.util.Optional.empty() : faults()), ticker, run::note);
    DrillTeardown teardown = new DrillTeardown(run, client, ticker,
        new DrillRecords(run, cluster, client, clock, recorder, listener));
    Verdicts verdict;
    try {
      drill(run, teardown);
      verdict = Verdicts.measured(run.triggerToHealthy, s.slo(), run.timer);
    } catch (Throwable e) {
      // Anything at all, an Error included: the target is restored and the lease released below.
      verdict = Verdicts.stopped(e, run.timer.current(), teardown.changed());
      if (e instanceof ProcedureException pe && pe.output() != null) {
        run.procedureOutput = pe.output();
      }
    } finally {
      run.timer.end();
    }
    return teardown.finish(verdict.verdict(), verdict.reason(), false);
  }

  /** What the cluster's provider can break below the API for chaos; nothing when it is not one this tool knows. */
  private java.util.Optional<dev.rollbackdrill.cluster.ClusterFaults> faults() {
    try {
      return dev.rollbackdrill.cluster.ClusterProviders.of(cluster.provider()).faults();
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** The seven phases, each ending at the watch event that crossed its boundary. */
  private void drill(DrillRun run, DrillTeardown teardown) throws DrillFailure, ProcedureException {
    Scenario s = run.s;
    Lever lever = run.lever;
    PhaseTimer timer = run.timer;
    Function<TargetWatch.Snapshot, String> describe = TargetWatch.Snapshot::describe;
    Preflight preflight = new Preflight(client, clock, ticker, run);
    // Refusals come first: a refused drill must not even reset a fixture.
    preflight.guard(options);
    preflight.resetFixture();
    timer.begin(Phase.PREFLIGHT);
    String detail = preflight.check();
    teardown.installShutdownHook();
    String checked = preflight.checkLever(detail);
    teardown.unlessStopping(Phase.PREFLIGHT, false, () -> {
      String prepared = lever.prepare(run.knownGood.history());
      if (prepared != null) {
        run.note(prepared);
      }
    });
    if (s.load() != null) {
      run.load = LoadSession.start(cluster, run.ns, s.load(), ticker, run::note);
    }

    run.next(Phase.DEPLOY, ticker.nanos(), Phase.PREFLIGHT, checked);
    teardown.unlessStopping(Phase.DEPLOY, true, () -> lever.apply(run.watch));
    detail = lever.awaitApplied(run.watch, s.timeouts().deploy(), describe);
    run.candidateRef = lever.candidate();
    // Deploy ends at the event that showed the change (never before deploy began).
    long applied = lever.appliedAt();
    run.next(Phase.DETECT, applied == Long.MIN_VALUE ? ticker.nanos()
        : Math.max(timer.starts().get(Phase.DEPLOY.recordName()), applied), Phase.DEPLOY, detail);

    detail = Detector.of(s.detect().type()).await(new Detection(run.watch, run.knownGood.hash(), lever.candidateHash(),
        s.change().type(), s.detect(), s.timeouts().detect(), ticker, run.load == null ? null : run.load.generator(),
        describe, cluster, run.ns, lever.tracks(), s.change().badCanary(), run::note));
    long trigger = ticker.nanos();
    run.detected = detail;
    run.next(Phase.TRIGGER, trigger, Phase.DETECT, detail);

    RollbackProcedure.Outcome outcome = OnCallTrigger.run(client, options, run, teardown);
    run.procedureOutput = outcome.output();
    long returned = ticker.nanos();
    run.next(Phase.ACCEPTED, returned, Phase.TRIGGER, outcome.summary());

    // The controller may see the change before the API call returns: clamp so phases never overlap.
    long accepted;
    try {
      accepted = Math.max(returned, lever.awaitAccepted(run.watch, s.timeouts().rollback(), describe));
    } catch (GateException e) {
      throw notAccepted(run, e, outcome);
    }
    run.next(Phase.HEALTHY, accepted, Phase.ACCEPTED, lever.acceptedDetail(run.watch));

    long healthy;
    try {
      healthy = Math.max(accepted, lever.awaitHealthy(run.watch, s.timeouts().healthy(), describe));
      detail = lever.healthyDetail(run.watch, accepted);
      if (s.healthy().http() != null && !lever.probesHttpItself()) {
        // (A kill switch's healthy is made of these probes already.)
        healthy = HealthyHttp.await(client, ticker, run, accepted, healthy);
        detail = detail + "; " + HealthyHttp.detail(s.healthy().http());
      }
    } catch (GateException e) {
      // Whichever gate it was: the lever may know why (a migration the known-good cannot run on).
      throw lever.whyNotHealthy(e);
    }
    run.triggerToHealthy = healthy - trigger;
    // After a roll-forward the target runs the fix, not known-good: the teardown restores it after the phases.
    if (!lever.leavesChangeLive()) {
      teardown.restored();
    }
    run.next(Phase.VERIFY, healthy, Phase.HEALTHY,
        detail + "; trigger-to-healthy " + Durations.format(Duration.ofNanos(run.triggerToHealthy)));
    run.restoredRef = run.currentRef();
    detail = lever.verify(run.watch);
    timer.end();
    run.ended(Phase.VERIFY, detail);
  }

  /** The procedure returned but the rollback was not seen: say whether anything changed at all. */
  private static DrillFailure notAccepted(DrillRun run, GateException e, RollbackProcedure.Outcome outcome) {
    TargetWatch.Snapshot snap = run.watch.snapshot();
    if (run.lever.unchanged(snap)) {
      return new DrillFailure(Phase.ACCEPTED + ": the procedure returned (" + outcome.summary() + ") but changed nothing"
          + " within " + Durations.format(run.s.timeouts().rollback()) + "; the target is still on the change ("
          + snap.describe() + ")");
    }
    return new DrillFailure(e.getMessage());
  }

  /**
   * Everything the drill's messages and record must not show: the scenario's env values, the
   * cluster's credentials, and secret-looking values in the harness's environment (a runbook
   * command inherits it, and may print what it finds there).
   */
  private Redactor redactor(Scenario s) {
    List<String> secrets = new ArrayList<>(s.change().env().values());
    secrets.addAll(s.rollback().env().values());
    secrets.add(cluster.config().getOauthToken());
    // A kubeconfig's token lands in the "auto" token; getOauthToken is only an explicitly set one.
    secrets.add(cluster.config().getAutoOAuthToken());
    secrets.add(cluster.config().getPassword());
    secrets.add(cluster.config().getClientKeyData());
    secrets.addAll(Redactor.secretEnvironmentValues(System.getenv()));
    return Redactor.of(secrets);
  }
}
