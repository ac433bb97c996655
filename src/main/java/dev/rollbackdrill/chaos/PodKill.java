package dev.rollbackdrill.chaos;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.scenario.Chaos;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pod-kill}: deletes {@code pods} (or a {@code share}) of the live pods of the known-good or
 * the candidate template at once, without grace, as a node failure or an OOM kill would end them;
 * again every interval when the scenario says {@code every}. When there is no live pod of that
 * template yet, it waits for one (at most 15 s). Nothing to undo: the ReplicaSet replaces them, and
 * the drill's health gates wait for that.
 */
final class PodKill implements Injection {

  private final Chaos spec;
  private final ChaosTarget target;
  private final List<String> killed = new ArrayList<>();

  PodKill(Chaos spec, ChaosTarget target) {
    this.spec = spec;
    this.target = target;
  }

  @Override
  public String begin() throws ChaosException {
    return kill();
  }

  @Override
  public String again() throws ChaosException {
    return kill();
  }

  private String kill() throws ChaosException {
    Victims v = awaitLive();
    List<String> now = new ArrayList<>();
    for (Pod p : v.pods()) {
      try {
        target.client().pods().inNamespace(target.namespace()).withName(p.getMetadata().getName()).withGracePeriod(0)
            .delete();
        now.add(p.getMetadata().getName());
      } catch (KubernetesClientException e) {
        throw new ChaosException("pod-kill: deleting pod " + p.getMetadata().getName() + " was refused: "
            + ApiErrors.describe(e));
      }
    }
    killed.addAll(now);
    return "pod-kill: killed " + now.size() + " of " + v.live() + " live " + v.whose() + " pods (" + String.join(", ", now)
        + ")";
  }

  /**
   * The victims among the live pods; when there is none yet (as healthy begins after a no-op's
   * undo, whose known-good pods the rollout is only now creating), the first within 15 s. Setting
   * up, not a measurement: a plain poll of the drill's watch.
   */
  private Victims awaitLive() throws ChaosException {
    List<Pod> live = SetupPoll.until("pod-kill", Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
      List<Pod> now = target.livePods(spec.ofCandidate());
      return now.isEmpty() ? null : now;
    });
    return Victims.of(spec, live == null ? List.of() : live);
  }

  @Override
  public String end() {
    return "";
  }

  @Override
  public String did() {
    return "killed " + killed.size() + " pod" + (killed.size() == 1 ? "" : "s");
  }

  @Override
  public Chaos spec() {
    return spec;
  }
}
