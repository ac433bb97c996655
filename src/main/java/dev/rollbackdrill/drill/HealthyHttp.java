package dev.rollbackdrill.drill;

import dev.rollbackdrill.health.ProbeStreaks;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.scenario.HttpCheck;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/**
 * The scenario's {@code healthy.http} checks, part of healthy: recovered means users get answers
 * too. Healthy then ends when the last check began its final streak, never before the rollout or
 * switch did.
 */
final class HealthyHttp {
  private HealthyHttp() {}

  /**
   * Waits for every check's streak, within what is left of the healthy timeout since {@code
   * accepted}; returns when the last streak began, never before {@code healthy}.
   */
  static long await(KubernetesClient client, Ticker ticker, DrillRun run, long accepted, long healthy) {
    HttpCheck check = run.s.healthy().http();
    Duration left = run.s.timeouts().healthy().minus(Duration.ofNanos(Math.max(0, ticker.nanos() - accepted)));
    ProbeStreaks probes =
        new ProbeStreaks(client, ticker, check.expectStatus(), check.consecutive(), ProbeStreaks.INTERVAL);
    // The live pods as the watch sees them each round: one killed meanwhile is no target.
    return Math.max(healthy, probes.await(Phase.HEALTHY + ": HTTP checks", () -> urls(client, run),
        left.isNegative() ? Duration.ofMillis(1) : left));
  }

  /** What the checks saw, for the healthy phase's detail. */
  static String detail(HttpCheck check) {
    return check.path() + " answered " + check.expectStatus() + " " + check.consecutive() + " times in a row";
  }

  /** What healthy.http probes: its Service, else every live pod of the revision now current. */
  private static Map<String, String> urls(KubernetesClient client, DrillRun run) {
    TargetWatch.Snapshot snap = run.watch.snapshot();
    String hash = Rollouts.current(snap.deployment(), snap.replicaSets()).map(Rollouts::hash).orElse(run.knownGood.hash());
    return ApiServerProxy.checkUrls(client, run.ns, run.s.healthy().http(), snap.livePodsOf(hash));
  }
}
