package dev.rollbackdrill.scenario;

/**
 * What a drill waits for after the change: the rollout completing (noop changes), stalling past its
 * progress deadline, pods staying unready, containers crash-looping, the synthetic load's error
 * rate rising above a threshold, a canary's analysis against its baseline, the team's own canary
 * automation rolling a canary back ({@code automation}: the drill only watches), or simply a fixed dwell.
 */
public enum DetectType {
  ROLLOUT_COMPLETE,
  ROLLOUT_STALLED,
  READINESS_FAILING,
  CRASH_LOOPING,
  ERROR_RATE,
  DWELL,
  CANARY_ANALYSIS,
  AUTOMATION;

  /** Watches the rollout of a new Deployment revision, so it needs a noop or broken change. */
  public boolean watchesRollout() {
    return this == ROLLOUT_COMPLETE || this == ROLLOUT_STALLED || this == READINESS_FAILING || this == CRASH_LOOPING;
  }

  /** The spelling used in scenario files, e.g. {@code crash-looping}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
