package dev.rollbackdrill.drill;

import dev.rollbackdrill.canary.TrackSamples;
import dev.rollbackdrill.change.Tracks;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.scenario.CanaryRule;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Samples each track of a canary separately, for its analysis: every period, one GET of each
 * endpoint on the next ready pod of the canary and on the next ready pod of the baseline, through
 * the API server's pod proxy (never the Service, which would mix the tracks). A latency is the
 * ticker's time from send to answer; an error status or no answer within the rule's request
 * timeout is a failed request. Open loop: a slow answer never delays the next request.
 */
final class TrackSampler implements AutoCloseable {

  /** Each track's samples by endpoint, and how many requests have settled in all (a look counter). */
  record Seen(Map<String, TrackSamples.Snapshot> canary, Map<String, TrackSamples.Snapshot> baseline, long settled) {}

  private final KubernetesClient client;
  private final String ns;
  private final CanaryRule rule;
  private final Tracks tracks;
  private final TargetWatch watch;
  private final Ticker ticker;
  private final Map<String, TrackSamples> canary = new LinkedHashMap<>();
  private final Map<String, TrackSamples> baseline = new LinkedHashMap<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Object settledLock = new Object();
  private long settled;
  private final Thread thread;

  TrackSampler(KubernetesClient client, String ns, CanaryRule rule, Tracks tracks, TargetWatch watch, Ticker ticker) {
    this.client = client;
    this.ns = ns;
    this.rule = rule;
    this.tracks = tracks;
    this.watch = watch;
    this.ticker = ticker;
    for (String e : rule.endpoints()) {
      canary.put(e, new TrackSamples());
      baseline.put(e, new TrackSamples());
    }
    this.thread = new Thread(this::loop, "rollback-drill-canary-sampler");
    this.thread.setDaemon(true);
  }

  TrackSampler start() {
    thread.start();
    return this;
  }

  /** Every sample so far. */
  Seen seen() {
    Map<String, TrackSamples.Snapshot> c = new LinkedHashMap<>();
    Map<String, TrackSamples.Snapshot> b = new LinkedHashMap<>();
    long n;
    synchronized (settledLock) {
      n = settled;
    }
    canary.forEach((e, t) -> c.put(e, t.snapshot()));
    baseline.forEach((e, t) -> b.put(e, t.snapshot()));
    return new Seen(c, b, n);
  }

  /** Waits until more than {@code seen} requests have settled, or until {@code deadlineNanos}. */
  void awaitMoreThan(long seen, long deadlineNanos) throws InterruptedException {
    synchronized (settledLock) {
      long wait;
      while (settled <= seen && (wait = deadlineNanos - ticker.nanos()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(settledLock, wait);
      }
    }
  }

  private void loop() {
    long period = Math.max(1, Math.round(1e9 / rule.ratePerSecond()));
    long t0 = ticker.nanos();
    int next = 0;
    for (long i = 0; !stopping.get(); i++) {
      long due = t0 + i * period;
      long wait;
      while ((wait = due - ticker.nanos()) > 0 && !stopping.get()) {
        LockSupport.parkNanos(Math.min(wait, 50_000_000L));
      }
      if (stopping.get()) {
        return;
      }
      List<Pod> pods = watch.snapshot().pods();
      List<Pod> c = ready(pods, tracks.canary());
      List<Pod> b = ready(pods, tracks.baseline());
      for (String e : rule.endpoints()) {
        if (!c.isEmpty()) {
          fire(c.get(next % c.size()), e, canary.get(e));
        }
        if (!b.isEmpty()) {
          fire(b.get(next % b.size()), e, baseline.get(e));
        }
      }
      next++;
    }
  }

  private static List<Pod> ready(List<Pod> pods, Predicate<Pod> track) {
    return pods.stream().filter(p -> track.test(p) && Rollouts.ready(p) && !Rollouts.terminating(p)).toList();
  }

  private void fire(Pod pod, String endpoint, TrackSamples into) {
    long start = ticker.nanos();
    String url = ApiServerProxy.podUrl(client, ns, pod.getMetadata().getName(), rule.port(), endpoint);
    ApiServerProxy.get(client, url).orTimeout(rule.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((status, error) -> {
          long end = ticker.nanos();
          if (stopping.get()) {
            return; // answers after the decision are no part of it
          }
          if (error == null && status >= 200 && status < 300) {
            into.ok(end - start);
          } else {
            into.failed();
          }
          synchronized (settledLock) {
            settled++;
            settledLock.notifyAll();
          }
        });
  }

  @Override
  public void close() {
    stopping.set(true);
    thread.interrupt();
  }
}
