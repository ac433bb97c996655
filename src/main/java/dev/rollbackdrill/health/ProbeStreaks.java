package dev.rollbackdrill.health;

import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A health gate for what no watch event shows, such as a feature flag the pods read live: every
 * target (a pod or a Service, through the API server's proxy) must answer {@code expectStatus}
 * {@code consecutive} times in a row. Targets are probed together in rounds, {@code interval}
 * apart. The gate opened when the last target began its final streak: the arrival of the first
 * answer of that streak, which is the earliest moment the probes show the behaviour had stopped.
 * The rest of the streak only confirms it, so the result does not grow with {@code consecutive}.
 */
public final class ProbeStreaks {

  /** How often every pod is probed while a drill waits on HTTP answers (a flag taking effect, healthy.http). */
  public static final Duration INTERVAL = Duration.ofMillis(100);

  private final KubernetesClient client;
  private final Ticker ticker;
  private final int expectStatus;
  private final int consecutive;
  private final Duration interval;
  private final Map<String, Long> streakStarts = new LinkedHashMap<>();

  public ProbeStreaks(KubernetesClient client, Ticker ticker, int expectStatus, int consecutive, Duration interval) {
    this.client = client;
    this.ticker = ticker;
    this.expectStatus = expectStatus;
    this.consecutive = consecutive;
    this.interval = interval;
  }

  /**
   * Probes {@code urls} (by name) until each has its streak.
   *
   * @return the ticker reading at which the last target's final streak began
   * @throws GateException when not every target got its streak within {@code timeout}
   */
  public long await(String alias, Map<String, String> urls, Duration timeout) throws GateException {
    return await(alias, () -> urls, timeout);
  }

  /**
   * As {@link #await(String, Map, Duration)}, with the targets read again every round: a pod that
   * went away (killed, replaced) stops being one, and its replacement becomes one with a streak of
   * its own to make. A target that never answers would otherwise hold the gate shut.
   */
  public long await(String alias, java.util.function.Supplier<Map<String, String>> targets, Duration timeout)
      throws GateException {
    long deadline = ticker.nanos() + timeout.toNanos();
    Map<String, Integer> streak = new LinkedHashMap<>();
    Map<String, Long> start = new LinkedHashMap<>();
    Map<String, String> last = new LinkedHashMap<>();
    Map<String, String> urls = Map.of();
    while (true) {
      Map<String, String> now = targets.get();
      if (!now.isEmpty() || urls.isEmpty()) {
        urls = now;
      }
      streak.keySet().retainAll(urls.keySet());
      start.keySet().retainAll(urls.keySet());
      last.keySet().retainAll(urls.keySet());
      urls.keySet().forEach(k -> {
        streak.putIfAbsent(k, 0);
        last.putIfAbsent(k, "no answer yet");
      });
      long round = ticker.nanos();
      Map<String, CompletableFuture<Integer>> answers = new LinkedHashMap<>();
      urls.forEach((k, url) -> answers.put(k, ApiServerProxy.get(client, url)));
      for (Map.Entry<String, CompletableFuture<Integer>> e : answers.entrySet()) {
        String k = e.getKey();
        int status;
        try {
          long wait = Math.max(1, Math.min(5_000_000_000L, deadline - ticker.nanos()));
          status = e.getValue().get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new GateException(alias + ": interrupted");
        } catch (Exception ex) {
          status = 0;
          last.put(k, "no answer (" + ex.getClass().getSimpleName() + ")");
        }
        long at = ticker.nanos();
        if (status == expectStatus) {
          if (streak.get(k) == 0) {
            start.put(k, at);
          }
          streak.merge(k, 1, Integer::sum);
        } else {
          streak.put(k, 0);
          if (status != 0) {
            last.put(k, "HTTP " + status);
          }
        }
      }
      if (!streak.isEmpty() && streak.values().stream().allMatch(n -> n >= consecutive)) {
        synchronized (streakStarts) {
          streakStarts.clear();
          streakStarts.putAll(start);
        }
        return start.values().stream().mapToLong(Long::longValue).max().orElse(ticker.nanos());
      }
      if (ticker.nanos() - deadline > 0) {
        StringBuilder b = new StringBuilder(alias + ": not every target answered " + expectStatus + " "
            + consecutive + " times in a row within " + timeout.toSeconds() + " s (");
        String sep = "";
        for (String k : urls.keySet()) {
          b.append(sep).append(k).append(": ").append(streak.get(k) >= consecutive ? "ok"
              : streak.get(k) + " in a row, last " + last.get(k));
          sep = "; ";
        }
        throw new GateException(b.append(')').toString());
      }
      long sleep = round + interval.toNanos() - ticker.nanos();
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
    }
  }

  /** When each target began its final streak, as of the last successful {@link #await}. */
  public Map<String, Long> streakStarts() {
    synchronized (streakStarts) {
      return new LinkedHashMap<>(streakStarts);
    }
  }
}
