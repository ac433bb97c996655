package dev.rollbackdrill.scenario;

/**
 * Which revision {@code rollout-undo} returns to: the one before the change, the newest revision
 * that was last seen healthy, or a revision number named in the scenario.
 */
public enum UndoTarget {
  PREVIOUS,
  LAST_KNOWN_GOOD,
  REVISION;

  /** The spelling used in scenario files, e.g. {@code last-known-good}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
