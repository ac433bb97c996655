package dev.rollbackdrill.scenario;

/**
 * How a {@code broken} change breaks the Deployment. {@link #CANDIDATE_IMAGE} rolls out a real
 * image under test instead of a simulated fault.
 */
public enum Fault {
  IMAGE_PULL_FAILURE,
  CRASH_ON_START,
  READINESS_NEVER_PASSES,
  BAD_CONFIG,
  CANDIDATE_IMAGE;

  /** The spelling used in scenario files, e.g. {@code crash-on-start}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
