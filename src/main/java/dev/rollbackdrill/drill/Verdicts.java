package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.change.ForwardOnly;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.PhaseTimer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * A drill's verdict and its one-line reason, before the teardown adds what it found: from the
 * measured trigger-to-healthy against the SLO (naming the slowest phase when missed), or from what
 * stopped the drill (refused before any change, failed as a rollback, or a harness error).
 */
record Verdicts(Verdict verdict, String reason) {

  /** A drill that reached the end of verify, after {@code triggerToHealthy} nanoseconds. */
  static Verdicts measured(long triggerToHealthy, Duration slo, PhaseTimer timer) {
    String took = "trigger-to-healthy " + Durations.format(Duration.ofNanos(triggerToHealthy));
    if (triggerToHealthy <= slo.toNanos()) {
      return new Verdicts(Verdict.PASSED, took + " within SLO " + Durations.format(slo));
    }
    StringBuilder b = new StringBuilder(took).append(" exceeded SLO ").append(Durations.format(slo)).append(" (");
    String sep = "";
    Phase slowest = null;
    for (Phase p : Phase.triggerToHealthy()) {
      Long d = timer.duration(p);
      if (d != null) {
        b.append(sep).append(p).append(' ').append(Durations.format(Duration.ofNanos(d)));
        sep = ", ";
        if (slowest == null || d > timer.duration(slowest)) {
          slowest = p;
        }
      }
    }
    b.append("; slowest: ").append(slowest == null ? Phase.HEALTHY : slowest).append(')');
    return new Verdicts(Verdict.SLO_MISSED, b.toString());
  }

  /**
   * A drill stopped by {@code e} in phase {@code phase} (null before preflight); {@code changed}:
   * whether it had changed the target. A failure with nothing changed, in preflight or before, is
   * a refusal: the drill was not run.
   */
  static Verdicts stopped(Throwable e, Phase phase, boolean changed) {
    boolean refused = !changed && (phase == null || phase == Phase.PREFLIGHT);
    if (e instanceof ForwardOnly) {
      return new Verdicts(Verdict.FORWARD_ONLY, e.getMessage());
    }
    if (e instanceof DrillFailure || e instanceof GateException || e instanceof ProcedureException) {
      return new Verdicts(refused ? Verdict.REFUSED : Verdict.FAILED, e.getMessage());
    }
    if (e instanceof DemoFixture.NotOurs) {
      // Refused before the fixture touched anything: someone else's objects are in the way.
      return new Verdicts(refused ? Verdict.REFUSED : Verdict.FAILED, "preflight: " + e.getMessage());
    }
    if (e instanceof KubernetesClientException k) {
      return new Verdicts(Verdict.ERROR,
          "Kubernetes API error" + (phase == null ? "" : " in " + phase) + ": " + ApiErrors.describe(k));
    }
    return new Verdicts(Verdict.ERROR, "harness error: " + e);
  }
}
