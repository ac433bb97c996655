package dev.rollbackdrill.chaos;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.scenario.Chaos;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cpu-pressure}: noisy neighbours, {@code pods} pods in the drill's namespace on the node of
 * the target's known-good pods (or of its candidate's, when none is live, as at the trigger of a
 * rolled-out release), each a shell spinning on one core with no CPU request (so they
 * compete with everything on the node, the rollback's new pods and the kubelet included). They run
 * the target's own image, which needs {@code sh}; a neighbour that does not start fails the
 * injection. Ended by deleting them at once.
 */
final class CpuPressure implements Injection {

  private final Chaos spec;
  private final ChaosTarget target;
  private final String prefix;
  private final List<String> started = new ArrayList<>();
  private long begunAt;
  private long ranNanos;

  CpuPressure(Chaos spec, ChaosTarget target, int index) {
    this.spec = spec;
    this.target = target;
    this.prefix = "rollback-drill-noisy-" + target.drillId() + "-" + index + "-";
  }

  @Override
  public String begin() throws ChaosException {
    List<Pod> live = target.livePods(false);
    if (live.isEmpty()) {
      live = target.livePods(true);
    }
    if (live.isEmpty()) {
      throw new ChaosException("cpu-pressure: no live pod of the target to find its node by");
    }
    Pod model = live.get(0);
    String node = model.getSpec().getNodeName();
    String image = model.getSpec().getContainers().get(0).getImage();
    for (int i = 0; i < spec.pods(); i++) {
      Pod p = new PodBuilder()
          .withNewMetadata().withName(prefix + i).withNamespace(target.namespace())
          .addToLabels(LABEL, target.drillId()).endMetadata()
          .withNewSpec().withNodeName(node).withRestartPolicy("Never").withTerminationGracePeriodSeconds(0L)
          .withAutomountServiceAccountToken(false)
          .addNewContainer().withName("burn").withImage(image).withImagePullPolicy("IfNotPresent")
          .withCommand("sh", "-c", "while :; do :; done").endContainer()
          .endSpec().build();
      try {
        target.client().pods().inNamespace(target.namespace()).resource(p).create();
        started.add(prefix + i);
      } catch (KubernetesClientException e) {
        throw new ChaosException("cpu-pressure: creating noisy neighbour " + prefix + i + " was refused: "
            + ApiErrors.describe(e));
      }
    }
    awaitRunning();
    begunAt = System.nanoTime();
    return "cpu-pressure: " + started.size() + " noisy neighbour" + (started.size() == 1 ? "" : "s") + " spinning on node "
        + node;
  }

  /** Setting up, not a measurement: a plain poll until every neighbour runs. */
  private void awaitRunning() throws ChaosException {
    long[] running = {0};
    Boolean all = SetupPoll.until("cpu-pressure", Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
      List<Pod> pods = neighbours();
      running[0] = pods.stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count();
      if (running[0] >= started.size()) {
        return true;
      }
      boolean ended = pods.stream().anyMatch(p -> "Failed".equals(p.getStatus().getPhase())
          || "Succeeded".equals(p.getStatus().getPhase()));
      return ended ? false : null;
    });
    if (!Boolean.TRUE.equals(all)) {
      throw new ChaosException("cpu-pressure: " + running[0] + " of " + started.size() + " noisy neighbours running after"
          + " 30 s (they run the target's image, which needs sh)");
    }
  }

  /** This injection's noisy neighbours, as the API lists them now. */
  private List<Pod> neighbours() {
    return target.client().pods().inNamespace(target.namespace()).withLabel(LABEL, target.drillId()).list()
        .getItems().stream().filter(p -> p.getMetadata().getName().startsWith(prefix)).toList();
  }

  @Override
  public String end() {
    if (begunAt != 0 && ranNanos == 0) {
      ranNanos = System.nanoTime() - begunAt;
    }
    List<Pod> left = neighbours();
    if (left.isEmpty()) {
      return "";
    }
    for (Pod p : left) {
      target.client().pods().inNamespace(target.namespace()).withName(p.getMetadata().getName()).withGracePeriod(0)
          .delete();
    }
    return "deleted " + left.size() + " noisy neighbour" + (left.size() == 1 ? "" : "s");
  }

  @Override
  public String did() {
    return started.size() + " noisy neighbour" + (started.size() == 1 ? "" : "s") + " ran "
        + dev.rollbackdrill.scenario.Durations.format(Duration.ofNanos(ranNanos));
  }

  @Override
  public Chaos spec() {
    return spec;
  }
}
