package dev.rollbackdrill.chaos;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.scenario.Chaos;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a drill's injections run: each begins {@code after} its phase begins ({@link #phaseBegan}),
 * repeats every interval if it says so, and ends when it has lasted its time, or when the rollback
 * is over (the verify phase begins), or when the drill ends ({@link #endAll}, from the drill's
 * teardown, whatever happened), whichever is first. Runs on a thread of its own, so a phase's
 * timing never waits for an injection. An injection that cannot begin is a failure of the drill
 * naming it ({@link #failure}), not a harness error.
 */
public final class ChaosSchedule {

  private final List<Slot> slots = new ArrayList<>();
  private final Ticker ticker;
  private final Consumer<String> say;
  private final ScheduledExecutorService timer;
  private long drillStart = Long.MIN_VALUE;
  private volatile String failure;

  /** One injection and where it is in its life. */
  private static final class Slot {
    final Injection injection;
    final List<ScheduledFuture<?>> pending = new ArrayList<>();
    long begunAt = Long.MIN_VALUE;
    long endedAt = Long.MIN_VALUE;
    /** Its {@link Injection#end} returned: nothing of it is left. */
    volatile boolean undone;
    String error;

    Slot(Injection injection) {
      this.injection = injection;
    }
  }

  ChaosSchedule(List<Injection> injections, Ticker ticker, Consumer<String> say) {
    injections.forEach(i -> slots.add(new Slot(i)));
    this.ticker = ticker;
    this.say = say;
    if (injections.isEmpty()) {
      this.timer = null;
    } else {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "rollback-drill-chaos");
        thread.setDaemon(true);
        return thread;
      });
      // Once the drill ends them all, nothing still waiting may begin.
      t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.timer = t;
    }
  }

  /** The schedule of {@code chaos} against {@code target}; with no chaos, one that does nothing. */
  public static ChaosSchedule of(List<Chaos> chaos, ChaosTarget target, Ticker ticker, Consumer<String> say) {
    List<Injection> injections = new ArrayList<>();
    for (int i = 0; i < chaos.size(); i++) {
      injections.add(Injections.of(chaos.get(i), target, i));
    }
    return new ChaosSchedule(injections, ticker, say);
  }

  /** Phase {@code phase} began at {@code nanos}: schedules what starts in it; the verify phase ends everything. */
  public synchronized void phaseBegan(Phase phase, long nanos) {
    if (timer == null) {
      return;
    }
    if (drillStart == Long.MIN_VALUE) {
      drillStart = nanos;
    }
    if (phase == Phase.VERIFY) {
      timer.execute(this::endEverything);
      return;
    }
    for (Slot slot : slots) {
      Chaos c = slot.injection.spec();
      if (c.during() != phase) {
        continue;
      }
      long delay = Math.max(0, nanos + c.after().toNanos() - ticker.nanos());
      slot.pending.add(timer.schedule(() -> begin(slot), delay, TimeUnit.NANOSECONDS));
    }
  }

  private void begin(Slot slot) {
    Chaos c = slot.injection.spec();
    synchronized (this) {
      if (slot.begunAt != Long.MIN_VALUE || slot.endedAt != Long.MIN_VALUE) {
        return;
      }
      slot.begunAt = ticker.nanos();
    }
    try {
      say.accept("chaos " + slot.injection.begin());
    } catch (Injection.ChaosException | RuntimeException e) {
      fail(slot, e);
      return;
    }
    synchronized (this) {
      if (c.every() != null) {
        long every = c.every().toNanos();
        slot.pending.add(timer.scheduleAtFixedRate(() -> again(slot), every, every, TimeUnit.NANOSECONDS));
      }
      if (c.lasts() != null) {
        slot.pending.add(timer.schedule(() -> end(slot), c.lasts().toNanos(), TimeUnit.NANOSECONDS));
      }
    }
  }

  private void again(Slot slot) {
    if (slot.endedAt != Long.MIN_VALUE) {
      return;
    }
    try {
      String did = slot.injection.again();
      if (did != null) {
        say.accept("chaos " + did);
      }
    } catch (Injection.ChaosException | RuntimeException e) {
      fail(slot, e);
    }
  }

  private void fail(Slot slot, Exception e) {
    String message = e instanceof Injection.ChaosException ? e.getMessage() : slot.injection.spec().kind().yamlName()
        + ": " + e;
    slot.error = message;
    if (failure == null) {
      failure = "chaos " + message;
    }
    say.accept("chaos could not be injected: " + message);
  }

  private void end(Slot slot) {
    synchronized (this) {
      if (slot.endedAt != Long.MIN_VALUE) {
        return;
      }
      slot.endedAt = ticker.nanos();
      slot.pending.forEach(f -> f.cancel(false));
    }
    String undone = slot.injection.end();
    slot.undone = true;
    if (slot.begunAt != Long.MIN_VALUE) {
      say.accept("chaos " + slot.injection.spec().kind().yamlName() + " ended: " + slot.injection.did()
          + (undone.isEmpty() ? "" : "; " + undone));
    }
  }

  private void endEverything() {
    for (Slot slot : slots) {
      try {
        end(slot);
      } catch (RuntimeException e) {
        slot.error = slot.error == null ? "ending it failed: " + e : slot.error;
      }
    }
  }

  /** Why the first injection that cannot be made on this cluster cannot, for the preflight; null when all can. */
  public String unavailable() {
    for (Slot slot : slots) {
      java.util.Optional<String> why = slot.injection.unavailable();
      if (why.isPresent()) {
        return "chaos " + slot.injection.spec().kind().yamlName() + ": " + why.get();
      }
    }
    return null;
  }

  /** The first injection that could not be injected, as the drill's reason; null when all could. */
  public String failure() {
    return failure;
  }

  /**
   * Ends every injection now (each undone, whatever the others did) and stops the schedule; returns
   * what each did, for the record, or null when ending one failed (the drill then keeps its record
   * for {@code drill recover}) and what failed. Safe to call more than once.
   */
  public Ended endAll() {
    if (timer == null) {
      return new Ended(List.of(), null);
    }
    synchronized (this) {
      slots.forEach(s -> s.pending.forEach(f -> f.cancel(false)));
    }
    // Let a begin or an end under way finish, never interrupt it: an end interrupted half way
    // (a request cut off) would leave its fault in place. Each is bounded by its own timeouts.
    timer.shutdown();
    try {
      if (!timer.awaitTermination(2, TimeUnit.MINUTES)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String problem = null;
    for (Slot slot : slots) {
      try {
        end(slot);
        if (!slot.undone) {
          // Its end failed on the schedule's thread: once more, since an end is idempotent.
          slot.injection.end();
          slot.undone = true;
        }
      } catch (RuntimeException e) {
        problem = problem == null ? slot.injection.spec().kind().yamlName() + ": " + e : problem;
      }
    }
    List<DrillRecord.ChaosRun> runs = new ArrayList<>();
    for (Slot slot : slots) {
      Chaos c = slot.injection.spec();
      boolean begun = slot.begunAt != Long.MIN_VALUE;
      runs.add(new DrillRecord.ChaosRun(c.kind().yamlName(), c.during().recordName(), c.describe(),
          begun && drillStart != Long.MIN_VALUE ? slot.begunAt - drillStart : null,
          begun && slot.endedAt != Long.MIN_VALUE ? slot.endedAt - slot.begunAt : null,
          slot.error != null ? "not injected: " + slot.error : begun ? slot.injection.did() : "never began"));
    }
    return new Ended(runs, problem);
  }

  /** What {@link #endAll} found: each injection's run, and what could not be undone (null: everything was). */
  public record Ended(List<DrillRecord.ChaosRun> runs, String problem) {}
}
