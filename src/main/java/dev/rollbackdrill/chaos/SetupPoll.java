package dev.rollbackdrill.chaos;

import dev.rollbackdrill.chaos.Injection.ChaosException;
import java.time.Duration;

/**
 * Setting an injection up or seeing it take, not a measurement: asks {@code check} every {@code
 * every} until it answers, at most {@code limit}. One poll for every injection that must wait on
 * the cluster (a noisy neighbour running, a quota counted, a killed container seen).
 */
final class SetupPoll {
  private SetupPoll() {}

  /** One look: an answer when done, null to look again; may throw to give up at once. */
  interface Check<T> {
    T look() throws ChaosException;
  }

  /** {@code check}'s first answer, or null when it gave none within {@code limit}. */
  static <T> T until(String kind, Duration limit, Duration every, Check<T> check) throws ChaosException {
    long until = System.nanoTime() + limit.toNanos();
    while (true) {
      T answer = check.look();
      if (answer != null || System.nanoTime() > until) {
        return answer;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChaosException(kind + ": interrupted");
      }
    }
  }
}
