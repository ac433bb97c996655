package dev.rollbackdrill.health;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A named wait for a condition on the {@link TargetWatch}. The condition is checked on every watch
 * event, and the event's arrival time is what {@link #await} returns; Awaitility only drives the
 * wait, its timeout and its fail-fast check (a condition that can no longer become true, such as
 * the Deployment being deleted). Time-based conditions ("not ready for 10 s") are also checked on
 * each poll, since time passing is not an event.
 */
public final class HealthGate {

  private final String alias;
  private final Predicate<TargetWatch.Snapshot> condition;
  private final Function<TargetWatch.Snapshot, Optional<String>> failFast;
  private volatile long satisfiedAt = Long.MIN_VALUE;
  private volatile String failure;

  private HealthGate(
      String alias,
      Predicate<TargetWatch.Snapshot> condition,
      Function<TargetWatch.Snapshot, Optional<String>> failFast) {
    this.alias = alias;
    this.condition = condition;
    this.failFast = failFast;
  }

  /** A gate named {@code alias} (the phase it ends) that opens when {@code condition} holds. */
  public static HealthGate named(String alias, Predicate<TargetWatch.Snapshot> condition) {
    return new HealthGate(alias, condition, s -> Optional.empty());
  }

  /** The same gate, failing at once when {@code reason} returns a reason. */
  public HealthGate failFast(Function<TargetWatch.Snapshot, Optional<String>> reason) {
    return new HealthGate(alias, condition, reason);
  }

  public String alias() {
    return alias;
  }

  synchronized void offer(TargetWatch.Snapshot s, long atNanos) {
    if (satisfiedAt == Long.MIN_VALUE && s.deployment() != null && condition.test(s)) {
      satisfiedAt = atNanos;
    }
  }

  /**
   * Waits until the condition holds, at most {@code timeout}.
   *
   * @return the monotonic time of the event at which it first held (or of the check, when it
   *     already held or depends on time passing)
   * @throws GateException on timeout or fail-fast, naming the gate and the last state
   */
  public long await(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws GateException {
    watch.register(this);
    try {
      offer(watch.snapshot(), watch.ticker().nanos());
      Awaitility.await(alias)
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .failFast(
              alias + " cannot succeed",
              () -> {
                Optional<String> why = failFast.apply(watch.snapshot());
                why.ifPresent(w -> failure = w);
                return why.isPresent();
              })
          .until(
              () -> {
                offer(watch.snapshot(), watch.ticker().nanos());
                return satisfiedAt != Long.MIN_VALUE;
              });
      return satisfiedAt;
    } catch (ConditionTimeoutException e) {
      throw new GateException(
          alias + ": not reached within " + timeout.toSeconds() + " s (" + describe.apply(watch.snapshot()) + ")");
    } catch (TerminalFailureException e) {
      throw new GateException(alias + ": " + failure);
    } finally {
      watch.unregister(this);
    }
  }

  /** A gate did not open: timed out, or can no longer open. The message says which and why. */
  public static final class GateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GateException(String message) {
      super(message);
    }
  }
}
