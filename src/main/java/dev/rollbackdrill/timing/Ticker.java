package dev.rollbackdrill.timing;

/**
 * A monotonic time source in nanoseconds. Every duration a drill records comes from one; tests
 * inject a fake. Never wall-clock time: NTP steps must not change a measured rollback.
 */
@FunctionalInterface
public interface Ticker {

  long nanos();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
