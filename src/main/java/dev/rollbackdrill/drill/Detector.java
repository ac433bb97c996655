package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.scenario.DetectType;

/**
 * The detect phase's strategy, one per {@code detect.type}: waits until the release counts as bad
 * (or, for a no-op, good) and says what it saw, or fails the drill saying why it never did. Every
 * wait ends at the arrival of the event (or request) that decided it, not at a poll.
 */
interface Detector {

  /** Waits for the release's verdict; returns one line on what decided it. */
  String await(Detection d) throws DrillFailure;

  /** The detector for {@code type}. */
  static Detector of(DetectType type) {
    return switch (type) {
      case ROLLOUT_COMPLETE -> new RolloutCompleteDetector();
      case ROLLOUT_STALLED -> new RolloutStalledDetector();
      case READINESS_FAILING -> new ReadinessFailingDetector();
      case CRASH_LOOPING -> new CrashLoopingDetector();
      case DWELL -> new DwellDetector();
      case ERROR_RATE -> new ErrorRateDetector();
      case CANARY_ANALYSIS -> new CanaryAnalysisDetector();
      case AUTOMATION -> new AutomationDetector();
    };
  }
}
