package dev.rollbackdrill.scenario;

/**
 * The rollback mechanism: the tool's own owner-checked {@code rollout-undo}, or a runbook {@code
 * command} run as written, so the drill measures the procedure people actually use.
 */
public enum Procedure {
  ROLLOUT_UNDO,
  COMMAND;

  /** The spelling used in scenario files, e.g. {@code rollout-undo}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
