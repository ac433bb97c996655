package dev.rollbackdrill.scenario;

/**
 * The rollback mechanism: the tool's own owner-checked {@code rollout-undo}, a runbook {@code
 * command} run as written (so the drill measures the procedure people actually use), a {@code
 * blue-green-switch} of the Service back to the known-good colour, a {@code kill-switch} that
 * turns the feature flag off again, {@code roll-forward} to a fixed release, or {@code
 * canary-abort}: the drill, as the team's canary automation would, takes the canary's traffic away;
 * or {@code automatic}: the team's automation does that itself, and the drill triggers nothing.
 */
public enum Procedure {
  ROLLOUT_UNDO,
  COMMAND,
  BLUE_GREEN_SWITCH,
  KILL_SWITCH,
  ROLL_FORWARD,
  CANARY_ABORT,
  AUTOMATIC;

  /** The spelling used in scenario files, e.g. {@code rollout-undo}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
