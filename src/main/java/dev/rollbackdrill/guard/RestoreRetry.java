package dev.rollbackdrill.guard;

import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one retry policy for putting a target back, used by a drill's own restore and by {@code
 * drill recover}: the API server may be restarting, or the controller may win a race for a
 * guarded write, so one error is no reason to give up; only a spent budget is, or an object that
 * is gone ({@link KnownGoodRestore.Gone}), which no retry brings back.
 */
public final class RestoreRetry {

  /** One attempt; returns what it did. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws ProcedureException, KnownGoodRestore.Gone;
  }

  /** Waits between attempts; tests pass one that does not. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private RestoreRetry() {}

  /**
   * Runs {@code attempt} until it returns, retrying API errors and procedure errors (with {@code
   * onRetry} told why: "restore attempt N failed (...); retrying") until {@code budget} is spent;
   * then the last error is thrown.
   */
  public static <T> T run(Ticker ticker, Duration budget, Sleeper sleeper, Consumer<String> onRetry, Attempt<T> attempt)
      throws ProcedureException, KnownGoodRestore.Gone, InterruptedException {
    long giveUp = ticker.nanos() + budget.toNanos();
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (ProcedureException | KubernetesClientException e) {
        if (ticker.nanos() > giveUp) {
          throw e;
        }
        onRetry.accept("restore attempt " + n + " failed (" + ApiErrors.describe(e) + "); retrying");
        sleeper.sleep(backoffMillis(n));
      }
    }
  }

  /** 0.5 s after the first failure, one more half second each time, at most 5 s. */
  static long backoffMillis(int attempt) {
    return Math.min(5_000, 500L * attempt);
  }
}
