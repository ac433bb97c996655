package dev.rollbackdrill.scenario;

/**
 * What a drill waits for after the change: the rollout completing (noop changes), stalling past its
 * progress deadline, pods staying unready, containers crash-looping, or simply a fixed dwell.
 */
public enum DetectType {
  ROLLOUT_COMPLETE,
  ROLLOUT_STALLED,
  READINESS_FAILING,
  CRASH_LOOPING,
  DWELL;

  /** The spelling used in scenario files, e.g. {@code crash-looping}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
