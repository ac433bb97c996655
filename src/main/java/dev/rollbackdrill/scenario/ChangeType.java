package dev.rollbackdrill.scenario;

/** Whether a drill's release is harmless ({@code noop}) or deliberately {@code broken}. */
public enum ChangeType {
  NOOP,
  BROKEN;

  /** The spelling used in scenario files, e.g. {@code noop}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
