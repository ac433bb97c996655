package dev.rollbackdrill.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Independent reads of the API server run side by side, each one round trip, so that a drill's
 * checks cost the slowest of them rather than their sum. Each call runs on a daemon thread of its
 * own; answers come back in the order asked, and the first failure is thrown as it was.
 */
public final class SideBySide {
  private SideBySide() {}

  /** A read that may throw what the caller handles (a drill's refusal, say). */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws Exception;
  }

  /**
   * Every call's answer, in order. A call's {@link RuntimeException} or {@link Error} is thrown as
   * it was; any other exception as the {@link ExecutionException}'s cause.
   */
  public static <T> List<T> all(String what, List<? extends Call<? extends T>> calls) throws ExecutionException {
    if (calls.size() == 1) {
      try {
        return List.of(calls.get(0).call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new ExecutionException(e);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(calls.size(), 8)), r -> {
      Thread t = new Thread(r, "rollback-drill-" + what);
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<? extends T>> futures = new ArrayList<>();
      for (Call<? extends T> c : calls) {
        futures.add(pool.submit(c::call));
      }
      List<T> answers = new ArrayList<>();
      for (Future<? extends T> f : futures) {
        answers.add(get(what, f));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@link #all} of calls that throw only unchecked exceptions. */
  public static <T> List<T> allUnchecked(String what, List<? extends Call<? extends T>> calls) {
    try {
      return all(what, calls);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Starts {@code read} now on a daemon thread of its own; the caller joins it when it needs the answer. */
  public static <T> CompletableFuture<T> start(String what, Supplier<T> read) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        answer.complete(read.get());
      } catch (Throwable e) {
        answer.completeExceptionally(e);
      }
    }, "rollback-drill-" + what);
    t.setDaemon(true);
    t.start();
    return answer;
  }

  private static <T> T get(String what, Future<? extends T> f) throws ExecutionException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }
}
