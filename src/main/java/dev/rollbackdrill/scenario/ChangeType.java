package dev.rollbackdrill.scenario;

/**
 * What the drill changes: a harmless ({@code noop}) or deliberately {@code broken} Deployment
 * revision, a blue-green {@code switch} of a Service's selector to another colour, or a feature
 * {@code flag} turned on in a ConfigMap the service reads live.
 */
public enum ChangeType {
  NOOP,
  BROKEN,
  SWITCH,
  FLAG;

  /** The change is a new revision of the target Deployment (noop or broken). */
  public boolean newRevision() {
    return this == NOOP || this == BROKEN;
  }

  /** The spelling used in scenario files, e.g. {@code noop}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
