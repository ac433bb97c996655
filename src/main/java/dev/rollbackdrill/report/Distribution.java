package dev.rollbackdrill.report;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The trigger-to-healthy (or phase) times of one group of runs: a month, a scenario, a phase.
 * Percentiles are read from one HdrHistogram that every run of the group is recorded into, so a
 * month's p90 is the p90 of all its runs, never an average of per-scenario percentiles. Values are
 * kept as a plain array and recorded into a histogram only when summarized.
 *
 * <p>That histogram is sized to the group: its lowest discernible value is the largest power of
 * two that still resolves the group's smallest value as finely as a histogram with a 1 ns unit
 * would, and it tracks up to the group's largest value. Every recorded value then falls in the
 * same bucket as in a histogram covering 1 ns to {@link #HIGHEST_TRACKABLE}, so the percentiles
 * are identical to that one's (a test compares them), but the counts array is a few buckets
 * long instead of forty, and a report summarizes hundreds of groups.
 */
final class Distribution {

  /**
   * The largest value a histogram tracks, in nanoseconds: eight days, so that a median can fall in
   * any DORA band (the last boundary is a week). Larger values clamp to it.
   */
  static final long HIGHEST_TRACKABLE = java.time.Duration.ofDays(8).toNanos();

  static final int SIGNIFICANT_DIGITS = 3;

  /**
   * log2 of the smallest value, in units, that a 3-digit histogram resolves by the value's
   * magnitude alone (1024 units: the upper half of its first bucket and everything above), so the
   * same as a histogram with a 1 ns unit does.
   */
  private static final int EXACT_UNITS_LOG2 = 10;

  private long[] values = new long[8];
  private int size;
  private long sum;

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
  Summary summarize() {
    if (size == 0) {
      return null;
    }
    long max = Long.MIN_VALUE;
    long lowestClamped = Long.MAX_VALUE;
    long highestClamped = 0;
    for (int i = 0; i < size; i++) {
      long v = values[i];
      max = Math.max(max, v);
      long clamped = clamp(v);
      lowestClamped = Math.min(lowestClamped, clamped);
      highestClamped = Math.max(highestClamped, clamped);
    }
    Histogram h = histogramFor(lowestClamped, highestClamped);
    for (int i = 0; i < size; i++) {
      h.recordValue(clamp(values[i]));
    }
    return new Summary(size, h.getValueAtPercentile(50), h.getValueAtPercentile(90), max);
  }

  private static long clamp(long v) {
    return Math.min(Math.max(v, 0), HIGHEST_TRACKABLE);
  }

  /**
   * A histogram for values in {@code [lowest, highest]} that puts each of them in the same bucket
   * as {@code new Histogram(HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS)} would.
   */
  static Histogram histogramFor(long lowest, long highest) {
    int unitLog2 =
        lowest <= 0 ? 0 : Math.max(0, 63 - Long.numberOfLeadingZeros(lowest) - EXACT_UNITS_LOG2);
    long unit = 1L << unitLog2;
    return new Histogram(unit, Math.max(highest, 2 * unit), SIGNIFICANT_DIGITS);
  }

  /**
   * A group's figures. Percentiles are HdrHistogram's (the highest value equivalent to the recorded
   * one, within 0.1%); max is exact.
   */
  record Summary(int count, long median, long p90, long max) {}
}
