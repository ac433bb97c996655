package dev.rollbackdrill.drill;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.load.ImpactAccounting;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Load;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A drill's synthetic load, from the end of preflight until the drill (restore included) is over:
 * started on an API client of its own, so it never delays the drill's calls, and stopped with
 * every request accounted to the phase it started in (or to the restore), which is what the
 * record's {@code impact} says users saw.
 */
final class LoadSession {

  /** What the load saw: the record's impact, the generator's own counts and every request. */
  record Seen(DrillRecord.Impact impact, LoadGenerator.Totals totals, List<LoadGenerator.Sample> samples) {}

  private final Load spec;
  private final KubernetesClient client;
  private final LoadGenerator generator;

  private LoadSession(Load spec, KubernetesClient client, LoadGenerator generator) {
    this.spec = spec;
    this.client = client;
    this.generator = generator;
  }

  /** Starts the scenario's load against its Service in {@code ns}, through the API server. */
  static LoadSession start(ClusterHandle cluster, String ns, Load spec, Ticker ticker, Consumer<String> say) {
    KubernetesClient client = cluster.newMeasuringClient();
    // Connect first: a TLS handshake with the API server is not what users see.
    ApiServerProxy.warmUp(client);
    String url = ApiServerProxy.serviceUrl(client, ns, spec.service(), spec.port(), spec.path());
    LoadGenerator g = new LoadGenerator(LoadGenerator.proxyGet(client, url), ticker, spec.ratePerSecond(), spec.timeout(),
        spec.maxDuration(), spec.maxRequests()).start();
    say.accept("load: " + spec.rate() + " GET " + spec.describe() + " through the API server");
    return new LoadSession(spec, client, g);
  }

  LoadGenerator generator() {
    return generator;
  }

  /**
   * Stops the load and accounts for every request by the phase it started in ({@code phaseStarts},
   * by record name), or by the restore from {@code restoreStart} on (null: no restore); says the
   * user impact in one line.
   */
  Seen stop(Map<String, Long> phaseStarts, Long restoreStart, Consumer<String> say) {
    try {
      LoadGenerator.Totals totals = generator.stop();
      List<ImpactAccounting.Boundary> spans = new ArrayList<>();
      phaseStarts.forEach((phase, at) -> spans.add(new ImpactAccounting.Boundary(phase, at)));
      if (restoreStart != null) {
        spans.add(new ImpactAccounting.Boundary(Phase.RESTORE, restoreStart));
      }
      DrillRecord.Impact impact = ImpactAccounting.compute(spec.describe(), spec.ratePerSecond(), generator.samples(), spans);
      DrillRecord.LoadStats t = impact.total();
      say.accept(String.format(java.util.Locale.ROOT, "user impact: %d requests, %d failed (%.1f%%), p50 %s, p99 %s%s",
          t.requests(), t.failed(), 100 * t.errorRate(), ms(t.p50Nanos()), ms(t.p99Nanos()),
          t.firstFailedAtNanos() == null ? "" : "; failures from +" + Durations.format(Duration.ofNanos(t.firstFailedAtNanos()))
              + " to +" + Durations.format(Duration.ofNanos(t.lastFailedAtNanos())) + " into the drill"));
      return new Seen(impact, totals, generator.samples());
    } finally {
      client.close();
    }
  }

  private static String ms(Long nanos) {
    return nanos == null ? "-" : Durations.format(Duration.ofNanos(nanos));
  }
}
