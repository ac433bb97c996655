package dev.rollbackdrill.drill;

import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a drill retries putting its target back: the API server may be restarting, or the
 * controller may win a race for a guarded write, so one error is no reason to give up; only a
 * spent budget is. Every restore (a Deployment revision, a blue-green selector, a flag) goes
 * through it, so none is left broken by a single failed call.
 */
final class RestoreRetry {

  /** One attempt; returns a problem that retrying cannot fix (the target is gone), or null when done. */
  @FunctionalInterface
  interface Attempt {
    String run() throws ProcedureException;
  }

  /** Waits between attempts; tests pass one that does not. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private RestoreRetry() {}

  /**
   * Runs {@code attempt} until it returns, retrying API errors and procedure errors (with {@code
   * onRetry} told why) until {@code budget} is spent; then the last error is thrown.
   */
  static String run(Ticker ticker, Duration budget, Sleeper sleeper, Consumer<String> onRetry, Attempt attempt)
      throws ProcedureException, InterruptedException {
    long giveUp = ticker.nanos() + budget.toNanos();
    for (int n = 1; ; n++) {
      try {
        return attempt.run();
      } catch (ProcedureException | KubernetesClientException e) {
        if (ticker.nanos() > giveUp) {
          throw e;
        }
        onRetry.accept("restore attempt " + n + " failed (" + (e instanceof KubernetesClientException k
            ? DrillRunner.apiMessage(k) : e.getMessage()) + "); retrying");
        sleeper.sleep(backoffMillis(n));
      }
    }
  }

  /** 0.5 s after the first failure, one more half second each time, at most 5 s. */
  static long backoffMillis(int attempt) {
    return Math.min(5_000, 500L * attempt);
  }
}
