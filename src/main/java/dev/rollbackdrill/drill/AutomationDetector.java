package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * {@code automation}: the team's own canary automation decides, not the drill. The drill watches
 * the canary's pods and the detect phase ends at the event that shows the automation acting on its
 * decision: the last of the canary's pods terminating (scaled to zero, or its Deployment deleted).
 * If that does not happen within {@code timeouts.detect}, the automated rollback did not fire: a
 * failed drill, and the drill removes the canary itself.
 */
final class AutomationDetector implements Detector {

  @Override
  public String await(Detection d) throws DrillFailure {
    if (d.tracks() == null) {
      throw new DrillFailure("detect: automation waits for a canary's rollback, and this drill made no canary");
    }
    d.say().accept("waiting up to " + Durations.format(d.timeout()) + " for the team's automation to take the canary's"
        + " traffic away (the drill triggers nothing)");
    try {
      HealthGate.named(Phase.DETECT.recordName(), snap -> live(d, snap).isEmpty())
          .failFast(snap -> snap.deployment() == null ? java.util.Optional.of("the deployment was deleted")
              : java.util.Optional.empty())
          .await(d.watch(), d.timeout(), snap -> "");
    } catch (GateException e) {
      List<Pod> live = live(d, d.watch().snapshot());
      if (live.isEmpty() || d.watch().snapshot().deployment() == null) {
        throw new DrillFailure(e.getMessage());
      }
      throw new DrillFailure("detect: the automated rollback did not fire within " + Durations.format(d.timeout())
          + ": the canary's " + live.size() + " pod" + (live.size() == 1 ? "" : "s") + " still running ("
          + live.stream().map(p -> p.getMetadata().getName()).collect(java.util.stream.Collectors.joining(", ")) + ")");
    }
    return "the team's automation took the canary's traffic away: no canary pod left running";
  }

  private static List<Pod> live(Detection d, TargetWatch.Snapshot snap) {
    return snap.pods().stream().filter(p -> d.tracks().canary().test(p) && !Rollouts.terminating(p)).toList();
  }
}
