package dev.rollbackdrill.load;

import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Turns the load's samples into the record's {@link Impact}: per phase and in total, requests,
 * failures, error rate, p50/p99 latency (from an HdrHistogram) and the window from the first
 * failed request to the last. A request belongs to the span in which it <em>started</em>, however
 * late it was answered, so every request counts exactly once and the spans add up to the total.
 * Requests that started before the first boundary count in the first span, and those after the
 * last boundary in the last: no request is ever left out.
 */
public final class ImpactAccounting {

  /** Longest latency the histograms keep exactly: an hour, in nanoseconds. */
  static final long HIGHEST_LATENCY = 3_600_000_000_000L;

  private ImpactAccounting() {}

  /** Where a span of the drill starts: a phase name and the ticker reading at its start. */
  public record Boundary(String name, long startNanos) {}

  /**
   * @param boundaries span starts in increasing order; the first is the origin of all offsets
   */
  public static Impact compute(String target, double ratePerSecond, List<LoadGenerator.Sample> samples,
      List<Boundary> boundaries) {
    if (boundaries.isEmpty()) {
      throw new IllegalArgumentException("at least one boundary is needed");
    }
    long origin = boundaries.get(0).startNanos();
    Map<String, Span> spans = new LinkedHashMap<>();
    for (Boundary b : boundaries) {
      spans.computeIfAbsent(b.name(), n -> new Span());
    }
    Span total = new Span();
    for (LoadGenerator.Sample s : samples) {
      spans.get(spanOf(boundaries, s.startNanos())).add(s, origin);
      total.add(s, origin);
    }
    Map<String, LoadStats> phases = new LinkedHashMap<>();
    spans.forEach((name, span) -> phases.put(name, span.stats()));
    return new Impact(target, ratePerSecond, total.stats(), phases);
  }

  /** The last boundary at or before {@code start}; the first one for earlier starts. */
  static String spanOf(List<Boundary> boundaries, long start) {
    String name = boundaries.get(0).name();
    for (Boundary b : boundaries) {
      if (b.startNanos() - start > 0) {
        break;
      }
      name = b.name();
    }
    return name;
  }

  /** Counts, latencies and failure window of the requests of one span. */
  private static final class Span {
    final Histogram latency = new Histogram(HIGHEST_LATENCY, 3);
    final List<Long> failures = new ArrayList<>();
    long requests;

    void add(LoadGenerator.Sample s, long origin) {
      requests++;
      latency.recordValue(Math.min(HIGHEST_LATENCY, Math.max(0, s.latencyNanos())));
      if (!s.ok()) {
        failures.add(s.startNanos() - origin);
      }
    }

    LoadStats stats() {
      Long first = failures.stream().min(Long::compare).orElse(null);
      Long last = failures.stream().max(Long::compare).orElse(null);
      return new LoadStats(
          requests,
          failures.size(),
          requests == 0 ? 0.0 : (double) failures.size() / requests,
          requests == 0 ? null : latency.getValueAtPercentile(50),
          requests == 0 ? null : latency.getValueAtPercentile(99),
          first,
          last,
          first == null ? null : last - first);
    }
  }
}
