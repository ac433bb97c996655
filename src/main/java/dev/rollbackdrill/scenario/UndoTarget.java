package dev.rollbackdrill.scenario;

/**
 * Which revision {@code rollout-undo} returns to: the one before the change, the newest revision
 * that was last seen healthy, a revision number named in the scenario, or the newest older
 * revision with a given change-cause or image (names that stay the same from month to month,
 * while revision numbers advance).
 */
public enum UndoTarget {
  PREVIOUS,
  LAST_KNOWN_GOOD,
  REVISION,
  CHANGE_CAUSE,
  IMAGE;

  /** The spelling used in scenario files, e.g. {@code last-known-good}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
