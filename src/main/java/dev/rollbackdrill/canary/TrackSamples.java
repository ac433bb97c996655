package dev.rollbackdrill.canary;

import java.util.Arrays;

/**
 * What one track (canary or baseline) answered on one endpoint: the latency of every successful
 * answer, in nanoseconds, and how many requests failed (an error status or no answer). Appended
 * to by one sampler thread and copied for each analysis, so a snapshot never changes under it.
 */
public final class TrackSamples {
  private long[] latencies = new long[256];
  private int size;
  private long failed;

  /** A successful answer that took {@code nanos}. */
  public synchronized void ok(long nanos) {
    if (size == latencies.length) {
      latencies = Arrays.copyOf(latencies, size * 2);
    }
    latencies[size++] = nanos;
  }

  /** A request that failed. */
  public synchronized void failed() {
    failed++;
  }

  /** The answers so far, as an immutable snapshot. */
  public synchronized Snapshot snapshot() {
    return new Snapshot(Arrays.copyOf(latencies, size), failed);
  }

  /** Latencies of the successful answers (nanoseconds) and the count of failed requests. */
  public record Snapshot(long[] latencies, long failed) {
    public long requests() {
      return latencies.length + failed;
    }
  }
}
