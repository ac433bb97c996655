package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillHistory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The report benchmark (not a test): reads a {@code drills/} folder, computes the model and renders
 * the three files, and prints wall time per step and peak heap. Run it in a fresh JVM with {@code
 * -Xmx512m} on a folder that {@link HistoryGenerator#main} wrote; {@code
 * ci/bench/report-benchmark.sh} does both. Peak heap is measured two ways and the larger is
 * reported: the sum of the heap memory pools' peak usage ({@code MemoryPoolMXBean}, reset just
 * before the measured run; G1 updates some pool peaks only at collections, so this can miss a peak
 * between them) and the largest used heap ({@code Runtime.totalMemory() - freeMemory()}) seen by a
 * thread sampling every millisecond.
 */
public final class ReportBenchmark {

  private ReportBenchmark() {}

  /** {@code ReportBenchmark DRILLS_DIR REPORTS_DIR [now-instant] [runs=1]}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: ReportBenchmark DRILLS_DIR REPORTS_DIR [now=2026-11-21T10:00:00Z] [runs=1]");
      System.exit(2);
    }
    Path drills = Path.of(args[0]);
    Path reports = Path.of(args[1]);
    Instant now = args.length > 2 ? Instant.parse(args[2]) : Instant.parse("2026-11-21T10:00:00Z");
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    for (int i = 1; i <= runs; i++) {
      measure(i == 1 ? "cold (first in this JVM)" : "warm run " + i, drills, reports, now);
    }
  }

  private static void measure(String label, Path drills, Path reports, Instant now)
      throws IOException, InterruptedException {
    System.gc();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    Runtime rt = Runtime.getRuntime();
    AtomicLong sampled = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                sampled.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    long t0 = System.nanoTime();
    DrillHistory.Loaded loaded = new DrillHistory(drills).readAll();
    long t1 = System.nanoTime();
    ReportModel model =
        TrendReport.compute(loaded.records(), loaded.warnings(), ReportOptions.defaults(now));
    long t2 = System.nanoTime();
    ReportWriter.Written written = ReportWriter.write(model, reports);
    long t3 = System.nanoTime();

    sampler.interrupt();
    sampler.join();
    long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf(
        Locale.ROOT,
        "%s: %d records (%d skipped)%n  read    %6d ms%n  compute %6d ms%n  render  %6d ms  (%s)%n "
            + " total   %6d ms%n  peak heap %d MB (heap pool peaks %d MB, sampled used %d MB;"
            + " max heap %d MB)%n",
        label,
        loaded.records().size(),
        loaded.warnings().size(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        written.html().getParent(),
        (t3 - t0) / 1_000_000,
        Math.max(poolPeaks, sampled.get()) >> 20,
        poolPeaks >> 20,
        sampled.get() >> 20,
        rt.maxMemory() >> 20);
  }
}
