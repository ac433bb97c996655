package dev.rollbackdrill.health;

import dev.rollbackdrill.kube.TargetWatch;
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
 * the Deployment being deleted). A condition on the state alone opens at the arrival of the event
 * that made it hold, even when a poll is what notices it (it already held when the gate opened, or
 * an event slipped between two registrations); a time-based condition ("not ready for 10 s",
 * {@link #onTime}) opens at the poll that sees enough time has passed, since time passing is not
 * an event.
 */
public final class HealthGate implements TargetWatch.Listener {

  private final String alias;
  private final Predicate<TargetWatch.Snapshot> condition;
  private final Function<TargetWatch.Snapshot, Optional<String>> failFast;
  private final boolean onTime;
  private volatile long satisfiedAt = Long.MIN_VALUE;
  private volatile String failure;

  private HealthGate(
      String alias,
      Predicate<TargetWatch.Snapshot> condition,
      Function<TargetWatch.Snapshot, Optional<String>> failFast,
      boolean onTime) {
    this.alias = alias;
    this.condition = condition;
    this.failFast = failFast;
    this.onTime = onTime;
  }

  /**
   * A gate named {@code alias} (the phase it ends) that opens when {@code condition}, a function of
   * the watched state alone, holds.
   */
  public static HealthGate named(String alias, Predicate<TargetWatch.Snapshot> condition) {
    return new HealthGate(alias, condition, s -> Optional.empty(), false);
  }

  /**
   * A gate whose {@code condition} also depends on time passing (it reads the ticker), so it opens
   * at the check that first sees it hold, not at the last event.
   */
  public static HealthGate onTime(String alias, Predicate<TargetWatch.Snapshot> condition) {
    return new HealthGate(alias, condition, s -> Optional.empty(), true);
  }

  /** The same gate, failing at once when {@code reason} returns a reason. */
  public HealthGate failFast(Function<TargetWatch.Snapshot, Optional<String>> reason) {
    return new HealthGate(alias, condition, reason, onTime);
  }

  /** Called by the watch with each event's snapshot and arrival time. */
  @Override
  public synchronized void offer(TargetWatch.Snapshot s, long atNanos) {
    if (satisfiedAt == Long.MIN_VALUE && s.deployment() != null && condition.test(s)) {
      satisfiedAt = atNanos;
    }
  }

  /** A check between events: the state is the last event's, so is the time, unless time is the point. */
  private void check(TargetWatch watch) {
    TargetWatch.Snapshot s = watch.snapshot();
    offer(s, onTime ? watch.ticker().nanos() : s.atNanos());
  }

  /**
   * Waits until the condition holds, at most {@code timeout}.
   *
   * @return the monotonic arrival time of the event at which it held; when it already held as the
   *     wait began, that event can be earlier than the call, so callers clamp to their phase's
   *     start. For an {@link #onTime} gate, the time of the check that saw it hold
   * @throws GateException on timeout or fail-fast, naming the gate and the last state
   */
  public long await(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws GateException {
    watch.register(this);
    try {
      check(watch);
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
                check(watch);
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
