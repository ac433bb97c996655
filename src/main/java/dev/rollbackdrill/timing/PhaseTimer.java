package dev.rollbackdrill.timing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Times the phases of one drill run. Each phase runs from one instant to the next, so the phases
 * add up to the whole drill without gaps; an instant may be taken from a watch event's arrival
 * rather than from "now", so that a result never depends on how often anybody polled. Every
 * duration is also recorded in an HdrHistogram per phase, the form in which runs are merged.
 */
public final class PhaseTimer {

  /** Longest value the histograms keep exactly: one day, in nanoseconds. */
  public static final long HIGHEST_TRACKABLE = 86_400_000_000_000L;

  private final Ticker ticker;
  private final Map<String, Long> durations = new LinkedHashMap<>();
  private final Map<String, Histogram> histograms = new LinkedHashMap<>();
  private final Map<String, Long> starts = new LinkedHashMap<>();
  private Phase current;
  private long currentStart;

  public PhaseTimer(Ticker ticker) {
    this.ticker = ticker;
  }

  public Ticker ticker() {
    return ticker;
  }

  /** Starts {@code phase} now, ending the running phase (if any) at the same instant. */
  public void begin(Phase phase) {
    beginAt(phase, ticker.nanos());
  }

  /** Starts {@code phase} at {@code atNanos}, ending the running phase there. */
  public synchronized void beginAt(Phase phase, long atNanos) {
    if (current != null) {
      record(current.recordName(), atNanos - currentStart);
    }
    current = phase;
    currentStart = atNanos;
    starts.putIfAbsent(phase.recordName(), atNanos);
  }

  /** Ends the running phase now. */
  public void end() {
    endAt(ticker.nanos());
  }

  /** Ends the running phase at {@code atNanos}; no phase runs afterwards. */
  public synchronized void endAt(long atNanos) {
    if (current != null) {
      record(current.recordName(), atNanos - currentStart);
      current = null;
    }
  }

  /** The phase running now, or null. */
  public synchronized Phase current() {
    return current;
  }

  private void record(String phase, long nanos) {
    long value = Math.max(0, nanos);
    durations.merge(phase, value, Long::sum);
    histograms
        .computeIfAbsent(phase, p -> new Histogram(HIGHEST_TRACKABLE, 3))
        .recordValue(Math.min(value, HIGHEST_TRACKABLE));
  }

  /** Completed phases (by record name) and their durations in nanoseconds, in the order they ran. */
  public synchronized Map<String, Long> durations() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(durations));
  }

  /** The ticker reading at which each phase (first) began; for comparing with other clocks. */
  public synchronized Map<String, Long> starts() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(starts));
  }

  /** The duration of {@code phase} so far, if it completed. */
  public synchronized Long duration(Phase phase) {
    return durations.get(phase.recordName());
  }

  /** One histogram per completed phase. */
  public synchronized Map<String, Histogram> histograms() {
    Map<String, Histogram> copy = new LinkedHashMap<>();
    histograms.forEach((k, v) -> copy.put(k, v.copy()));
    return copy;
  }

  /** Records an extra measured span (such as trigger-to-healthy) under {@code name}. */
  public synchronized void recordSpan(String name, long nanos) {
    histograms
        .computeIfAbsent(name, p -> new Histogram(HIGHEST_TRACKABLE, 3))
        .recordValue(Math.min(Math.max(0, nanos), HIGHEST_TRACKABLE));
  }
}
