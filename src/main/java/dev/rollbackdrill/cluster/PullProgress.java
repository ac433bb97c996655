package dev.rollbackdrill.cluster;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The progress of one image pull, from the Docker engine's per-layer events, as a line every few
 * seconds: bytes fetched of the bytes known so far and layers done. A layer's size is known only
 * once it starts downloading, so the total grows as the pull goes on; the line says so.
 */
final class PullProgress {

  private static final long EVERY_NANOS = 2_000_000_000L;

  private final String image;
  private final PrintStream log;
  private final LongSupplier nanos;
  private final Map<String, long[]> layers = new LinkedHashMap<>(); // id -> {current, total, done}
  private long lastPrinted;
  private boolean printedOnce;

  PullProgress(String image, PrintStream log, LongSupplier nanos) {
    this.image = image;
    this.log = log;
    this.nanos = nanos;
  }

  /** One event of the pull: {@code status} as the engine words it, bytes when it gives them. */
  synchronized void event(String layer, String status, Long current, Long total) {
    if (layer == null || status == null || layer.equals(tagOf(image))) {
      return;
    }
    long[] l = layers.computeIfAbsent(layer, k -> new long[3]);
    if (total != null && total > 0) {
      l[1] = total;
    }
    if (current != null && status.startsWith("Downloading")) {
      l[0] = current;
    }
    if (status.startsWith("Download complete") || status.startsWith("Pull complete")
        || status.startsWith("Already exists")) {
      l[0] = l[1];
      l[2] = 1;
    }
    long now = nanos.getAsLong();
    if (!printedOnce || now - lastPrinted >= EVERY_NANOS) {
      printedOnce = true;
      lastPrinted = now;
      log.println(line());
    }
  }

  /** The line for the pull so far. */
  synchronized String line() {
    long current = 0;
    long total = 0;
    int done = 0;
    for (long[] l : layers.values()) {
      current += l[0];
      total += l[1];
      done += (int) l[2];
    }
    return "[cluster] pulling " + image + ": " + mb(current) + " of " + mb(total) + " MB so far, "
        + done + " of " + layers.size() + " layers done";
  }

  private static String tagOf(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
  }

  private static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
