package dev.rollbackdrill.report;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The trigger-to-healthy (or phase) times of one group of runs: a month, a scenario, a phase.
 * Percentiles are read from one HdrHistogram that every run of the group is recorded into, so a
 * month's p90 is the p90 of all its runs, never an average of per-scenario percentiles. Values are
 * kept as a plain array and recorded into a shared scratch histogram only when summarized: a
 * histogram covering eight days in nanoseconds at three digits is about 340 KB, and a report has
 * hundreds of groups.
 */
final class Distribution {

  /**
   * The largest value a histogram tracks, in nanoseconds: eight days, so that a median can fall in
   * any DORA band (the last boundary is a week). Larger values clamp to it.
   */
  static final long HIGHEST_TRACKABLE = java.time.Duration.ofDays(8).toNanos();

  static final int SIGNIFICANT_DIGITS = 3;

  private long[] values = new long[8];
  private int size;
  private long sum;

  /** A histogram to summarize groups with; reset before each use. */
  static Histogram newScratch() {
    return new Histogram(HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS);
  }

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
    sum += nanos;
  }

  int count() {
    return size;
  }

  long sum() {
    return sum;
  }

  /** Median, p90 and max of the group; {@code null} for a group with no values. */
  Summary summarize(Histogram scratch) {
    if (size == 0) {
      return null;
    }
    scratch.reset();
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      long v = values[i];
      max = Math.max(max, v);
      scratch.recordValue(Math.min(Math.max(v, 0), HIGHEST_TRACKABLE));
    }
    return new Summary(
        size, scratch.getValueAtPercentile(50), scratch.getValueAtPercentile(90), max);
  }

  /**
   * A group's figures. Percentiles are HdrHistogram's (the highest value equivalent to the recorded
   * one, within 0.1%); max is exact.
   */
  record Summary(int count, long median, long p90, long max) {}
}
