package dev.rollbackdrill.chaos;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterFaults;
import dev.rollbackdrill.scenario.Chaos;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code container-kill}: kills the main process of the target's container in {@code pods} (or a
 * {@code share}) of the known-good or the candidate's live pods with SIGKILL, through the node's
 * container runtime as an OOM kill would, once or every interval. The pod stays; the kubelet
 * restarts the container in place (the restart path, where {@link PodKill} takes the reschedule
 * path), and the pod is unready until it passes its readiness probe again. Nothing to undo. Only a
 * provider that owns its nodes can do it ({@link ClusterFaults}): the API has no call for it.
 */
final class ContainerKill implements Injection {

  private final Chaos spec;
  private final ChaosTarget target;
  private final List<String> killed = new ArrayList<>();

  ContainerKill(Chaos spec, ChaosTarget target) {
    this.spec = spec;
    this.target = target;
  }

  @Override
  public Optional<String> unavailable() {
    return target.faults().isPresent() ? Optional.empty() : Optional.of("this cluster's provider cannot kill a container"
        + " below the API (there is no API call for it); the local cluster can (--cluster local)");
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
    ClusterFaults faults = target.faults().orElseThrow(() -> new ChaosException("container-kill: " + unavailable().get()));
    Victims v = awaitRunning();
    List<String> now = new ArrayList<>();
    for (Pod p : v.pods()) {
      String pod = p.getMetadata().getName();
      try {
        faults.killContainer(containerId(p));
      } catch (ClusterException e) {
        throw new ChaosException("container-kill: killing container " + target.container() + " of pod " + pod + " failed: "
            + e.getMessage());
      }
      now.add(pod + "/" + target.container());
    }
    for (Pod p : v.pods()) {
      awaitSeen(p);
    }
    killed.addAll(now);
    return "container-kill: killed the main process of " + now.size() + " of " + v.live() + " live " + v.whose()
        + " pods' containers (" + String.join(", ", now) + "); the kubelet restarts them";
  }

  /**
   * The victims among the live pods whose container runs now; when none runs yet (a pod the
   * rollout has just created), the first that does within 15 s. Setting up, not a measurement: a
   * plain poll of the drill's watch.
   */
  private Victims awaitRunning() throws ChaosException {
    List<Pod> running = SetupPoll.until("container-kill", Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
      List<Pod> now = target.livePods(spec.ofCandidate()).stream().filter(p -> containerId(p) != null).toList();
      return now.isEmpty() ? null : now;
    });
    return Victims.of(spec, running == null ? List.of() : running);
  }

  /**
   * Returns once the kubelet has seen the kill ({@code p}'s container is no longer the one running
   * and ready, or has restarted), so that what follows the injection sees the pod unready; at most
   * 10 s.
   */
  private void awaitSeen(Pod p) throws ChaosException {
    String killedId = containerId(p);
    SetupPoll.until("container-kill", Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
      Pod now = target.client().pods().inNamespace(target.namespace()).withName(p.getMetadata().getName()).get();
      ContainerStatus c = now == null ? null : running(now);
      boolean seen = c == null || !Boolean.TRUE.equals(c.getReady()) || !killedId.equals(c.getContainerID());
      return seen ? true : null;
    });
  }

  /** The runtime's id of the target's container in {@code p}, while it runs; null when it does not. */
  private String containerId(Pod p) {
    ContainerStatus c = running(p);
    return c == null ? null : c.getContainerID();
  }

  /** The status of the target's container in {@code p}, while it runs; null when it does not. */
  private ContainerStatus running(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus c : p.getStatus().getContainerStatuses()) {
      if (c.getName().equals(target.container()) && c.getState() != null && c.getState().getRunning() != null) {
        return c;
      }
    }
    return null;
  }

  @Override
  public String end() {
    return "";
  }

  @Override
  public String did() {
    return "killed " + killed.size() + " container" + (killed.size() == 1 ? "" : "s");
  }

  @Override
  public Chaos spec() {
    return spec;
  }
}
