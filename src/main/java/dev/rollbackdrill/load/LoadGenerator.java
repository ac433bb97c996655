package dev.rollbackdrill.load;

import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.timing.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A steady synthetic load: one request every 1/rate seconds on its own thread, open loop (a slow
 * answer never delays the next request, so an outage shows as failures, not as fewer requests),
 * until stopped or until its own limits (a duration and a count) end it. Every request becomes
 * one {@link Sample}, stamped with the injected {@link Ticker}: started, answered (or given up on
 * after the timeout), succeeded or not. The generator also keeps its own running totals, counted
 * where each request is sent and settled, so a caller can check that an accounting built from the
 * samples lost nothing.
 *
 * <p>{@link #awaitErrorRate} hears every settled request in the order the generator settles them.
 */
public final class LoadGenerator implements AutoCloseable {

  /** Sends one request; completes with its answer or exceptionally. */
  @FunctionalInterface
  public interface Sender {
    CompletableFuture<Answer> send();
  }

  /** An answer: its HTTP status, and the pod that served it when the answer says ({@code X-Served-By}), else null. */
  public record Answer(int status, String servedBy) {
    public static Answer of(int status) {
      return new Answer(status, null);
    }
  }

  /**
   * One request: when it started and settled (ticker nanos), its HTTP status (0 when none came)
   * and, when it failed without a status, why.
   */
  public record Sample(long startNanos, long endNanos, int status, String error, String servedBy) {
    public Sample(long startNanos, long endNanos, int status, String error) {
      this(startNanos, endNanos, status, error, null);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public long latencyNanos() {
      return endNanos - startNanos;
    }
  }

  /** The generator's own counts: requests sent, and of them succeeded and failed. */
  public record Totals(long sent, long succeeded, long failed) {}

  private final Sender sender;
  private final Ticker ticker;
  private final long periodNanos;
  private final Duration timeout;
  private final long maxNanos;
  private final long maxRequests;

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<Sample> samples = new ArrayList<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Thread thread;

  private final class Pending {
    final long start;
    final CompletableFuture<Answer> future;
    final AtomicBoolean settled = new AtomicBoolean();

    Pending(long start, CompletableFuture<Answer> future) {
      this.start = start;
      this.future = future;
    }
  }

  /**
   * @param ratePerSecond requests per second, greater than 0
   * @param timeout how long a request may take before it counts as failed
   * @param maxDuration the generator stops by itself after this long
   * @param maxRequests ... or after this many requests, whichever comes first
   */
  public LoadGenerator(Sender sender, Ticker ticker, double ratePerSecond, Duration timeout, Duration maxDuration,
      long maxRequests) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be greater than 0, got " + ratePerSecond);
    }
    this.sender = sender;
    this.ticker = ticker;
    this.periodNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
    this.timeout = timeout;
    this.maxNanos = maxDuration.toNanos();
    this.maxRequests = maxRequests;
    this.thread = new Thread(this::loop, "rollback-drill-load");
    this.thread.setDaemon(true);
  }

  /** Starts sending; returns at once. */
  public LoadGenerator start() {
    thread.start();
    return this;
  }

  private void loop() {
    long t0 = ticker.nanos();
    for (long i = 0; i < maxRequests && !stopping.get(); i++) {
      long due = t0 + i * periodNanos;
      if (due - t0 >= maxNanos) {
        break;
      }
      // Sleep in short steps so a stop is noticed promptly even at low rates.
      long wait;
      while ((wait = due - ticker.nanos()) > 0 && !stopping.get()) {
        LockSupport.parkNanos(Math.min(wait, 50_000_000L));
      }
      if (stopping.get()) {
        break;
      }
      fire(i);
    }
  }

  private void fire(long i) {
    long start = ticker.nanos();
    sent.incrementAndGet();
    CompletableFuture<Answer> f;
    try {
      f = sender.send();
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    Pending p = new Pending(start, f);
    pending.put(i, p);
    f.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((answer, error) -> {
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        settle(i, p, 0, cause instanceof TimeoutException
            ? "no answer within " + timeout.toMillis() + " ms" : cause.toString(), null);
        p.future.cancel(true);
      } else {
        settle(i, p, answer.status(), null, answer.servedBy());
      }
    });
  }

  private void settle(long i, Pending p, int status, String error, String servedBy) {
    if (!p.settled.compareAndSet(false, true)) {
      return;
    }
    Sample s = new Sample(p.start, ticker.nanos(), status, error, servedBy);
    // Listeners hear samples under the same lock that records them: none is missed or heard twice.
    synchronized (samples) {
      samples.add(s);
      if (s.ok()) {
        succeeded.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      for (Consumer<Sample> l : listeners) {
        l.accept(s);
      }
    }
    pending.remove(i);
  }

  /**
   * Stops sending and waits, at most the request timeout and a second, for the requests in flight;
   * any still unanswered then count as failed. Idempotent. Returns the totals, final from now on.
   */
  public Totals stop() {
    stopping.set(true);
    if (thread.isAlive()) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos() + 1_000_000_000L;
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000L);
    }
    for (var e : new ArrayList<>(pending.entrySet())) {
      settle(e.getKey(), e.getValue(), 0, "no answer before the load stopped", null);
      e.getValue().future.cancel(true);
    }
    return totals();
  }

  @Override
  public void close() {
    stop();
  }

  /** The generator's own counts so far. */
  public Totals totals() {
    synchronized (samples) {
      return new Totals(sent.get(), succeeded.get(), failed.get());
    }
  }

  /** Every settled request so far, by start time. */
  public List<Sample> samples() {
    List<Sample> copy;
    synchronized (samples) {
      copy = new ArrayList<>(samples);
    }
    copy.sort(Comparator.comparingLong(Sample::startNanos));
    return copy;
  }

  /**
   * Waits until more than {@code above} (a fraction) of the requests answered in the last {@code
   * over} failed, counting only windows that hold at least {@code minRequests} answers. Returns
   * the ticker reading of the answer that tipped the rate over.
   *
   * @throws TimeoutException when that did not happen within {@code timeout}; the message says
   *     the highest rate seen
   */
  public long awaitErrorRate(double above, Duration over, int minRequests, Duration timeout)
      throws TimeoutException, InterruptedException {
    ErrorRateWindow window = new ErrorRateWindow(above, over.toNanos(), minRequests);
    Consumer<Sample> listener = window::add;
    // Replay what is settled and start listening under the samples' lock: nothing missed or doubled.
    synchronized (samples) {
      samples.stream().sorted(Comparator.comparingLong(Sample::endNanos)).forEach(window::add);
      listeners.add(listener);
    }
    try {
      return window.crossed().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException(window.describe());
    } finally {
      listeners.remove(listener);
    }
  }

  /** A sliding window over answers by the time they arrived; completes when the rate crosses. */
  static final class ErrorRateWindow {
    private final double above;
    private final long spanNanos;
    private final int minRequests;
    private final Deque<Sample> window = new ArrayDeque<>();
    private final CompletableFuture<Long> crossed = new CompletableFuture<>();
    private long failedInWindow;
    private double highest;
    private long highestFailed;
    private long highestTotal;

    ErrorRateWindow(double above, long spanNanos, int minRequests) {
      this.above = above;
      this.spanNanos = spanNanos;
      this.minRequests = minRequests;
    }

    synchronized void add(Sample s) {
      if (crossed.isDone()) {
        return;
      }
      window.addLast(s);
      if (!s.ok()) {
        failedInWindow++;
      }
      while (!window.isEmpty() && window.peekFirst().endNanos() <= s.endNanos() - spanNanos) {
        if (!window.removeFirst().ok()) {
          failedInWindow--;
        }
      }
      if (window.size() < minRequests) {
        return;
      }
      double rate = (double) failedInWindow / window.size();
      if (rate > highest || highestTotal == 0) {
        highest = rate;
        highestFailed = failedInWindow;
        highestTotal = window.size();
      }
      if (rate > above) {
        crossed.complete(s.endNanos());
      }
    }

    CompletableFuture<Long> crossed() {
      return crossed;
    }

    synchronized String describe() {
      return highestTotal == 0
          ? "never " + minRequests + " answers in one window"
          : String.format(java.util.Locale.ROOT, "highest error rate %.1f%% (%d of %d)", highest * 100, highestFailed,
              highestTotal);
    }
  }

  /** A sender that GETs {@code url} with {@code client}, through the API server's proxy. */
  public static Sender proxyGet(io.fabric8.kubernetes.client.KubernetesClient client, String url) {
    return () -> ApiServerProxy.answer(client, url).thenApply(a -> new Answer(a.status(), a.servedBy()));
  }
}
