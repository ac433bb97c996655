package dev.rollbackdrill.scenario;

import java.time.Duration;

/**
 * The signal that triggers the rollback; the drill's clock for the SLO starts when it fires. {@code
 * duration} is set for {@link DetectType#READINESS_FAILING} and {@link DetectType#DWELL} only;
 * {@code restarts} is the container restart count for {@link DetectType#CRASH_LOOPING} (default 2)
 * and 0 for other types; {@code progressDeadline}, when set, overrides the Deployment's {@code
 * progressDeadlineSeconds} for {@link DetectType#ROLLOUT_STALLED}.
 */
public record Detect(DetectType type, Duration duration, int restarts, Duration progressDeadline) {}
