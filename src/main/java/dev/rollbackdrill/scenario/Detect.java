package dev.rollbackdrill.scenario;

import java.time.Duration;

/**
 * The signal that triggers the rollback; the drill's clock for the SLO starts when it fires. {@code
 * duration} is set for {@link DetectType#READINESS_FAILING} and {@link DetectType#DWELL} only;
 * {@code restarts} is the container restart count for {@link DetectType#CRASH_LOOPING} (default 2)
 * and 0 for other types; {@code progressDeadline}, when set, overrides the Deployment's {@code
 * progressDeadlineSeconds} for {@link DetectType#ROLLOUT_STALLED}. For {@link
 * DetectType#ERROR_RATE}, {@code errorRateAbove} is the fraction of failed requests (0.05 for
 * "5%") that must be exceeded over the sliding window {@code over}; both are null otherwise. For
 * {@link DetectType#CANARY_ANALYSIS}, {@code canary} says what is sampled and how it is judged, and
 * {@code over} is the analysis window; {@code canary} is null otherwise.
 */
public record Detect(
    DetectType type,
    Duration duration,
    int restarts,
    Duration progressDeadline,
    Double errorRateAbove,
    Duration over,
    CanaryRule canary) {

  /** Fewest answered requests an error-rate window must hold to be more than noise. */
  public static final int MIN_WINDOW_REQUESTS = 10;

  /** A detect signal that is no canary analysis. */
  public Detect(DetectType type, Duration duration, int restarts, Duration progressDeadline, Double errorRateAbove,
      Duration over) {
    this(type, duration, restarts, progressDeadline, errorRateAbove, over, null);
  }

  /** A detect signal that is not an error rate. */
  public Detect(DetectType type, Duration duration, int restarts, Duration progressDeadline) {
    this(type, duration, restarts, progressDeadline, null, null);
  }
}
