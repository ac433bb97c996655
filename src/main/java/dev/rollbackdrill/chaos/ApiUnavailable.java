package dev.rollbackdrill.chaos;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterFaults;
import dev.rollbackdrill.scenario.Chaos;
import dev.rollbackdrill.scenario.Durations;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code api-unavailable}: stops the cluster's API server for {@code for}, then starts it again and
 * waits until it answers: every request meanwhile, the drill's, the procedure's and every
 * controller's, is refused (connection refused), and watches drop. A real outage, not a proxy that
 * pretends: only a provider that runs the control plane can do it ({@link ClusterFaults}). The
 * outage it reports runs from the stop to the API server answering again, so it is longer than
 * {@code for} by the start-up.
 */
final class ApiUnavailable implements Injection {

  private final Chaos spec;
  private final ChaosTarget target;
  private long stoppedAt;
  private long downNanos;
  private boolean stopping;

  ApiUnavailable(Chaos spec, ChaosTarget target) {
    this.spec = spec;
    this.target = target;
  }

  @Override
  public Optional<String> unavailable() {
    return target.faults().isPresent() ? Optional.empty() : Optional.of("this cluster's provider cannot stop its API"
        + " server; the local cluster can (--cluster local)");
  }

  @Override
  public String begin() throws ChaosException {
    ClusterFaults faults = target.faults().orElseThrow(() -> new ChaosException("api-unavailable: " + unavailable().get()));
    stopping = true;
    try {
      faults.stopApiServer();
    } catch (ClusterException e) {
      throw new ChaosException("api-unavailable: stopping the API server failed: " + e.getMessage());
    }
    stoppedAt = System.nanoTime();
    return "api-unavailable: the API server is stopped for " + Durations.format(spec.lasts());
  }

  @Override
  public String end() {
    if (!stopping) {
      return "";
    }
    stopping = false;
    try {
      target.faults().orElseThrow().startApiServer();
    } catch (ClusterException e) {
      throw new IllegalStateException("api-unavailable: " + e.getMessage(), e);
    }
    if (stoppedAt != 0) {
      downNanos = System.nanoTime() - stoppedAt;
    }
    return "the API server answers again";
  }

  @Override
  public String did() {
    return "API server down " + Durations.format(Duration.ofNanos(downNanos));
  }

  @Override
  public Chaos spec() {
    return spec;
  }
}
