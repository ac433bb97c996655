package dev.rollbackdrill.scenario;

/**
 * What the drill changes: a harmless ({@code noop}) or deliberately {@code broken} Deployment
 * revision, a blue-green {@code switch} of a Service's selector to another colour, or a feature
 * {@code flag} turned on in a ConfigMap the service reads live, or a {@code canary}: the candidate
 * as a Deployment of its own beside the target, behind the same Service, on a share of the traffic.
 */
public enum ChangeType {
  NOOP,
  BROKEN,
  SWITCH,
  FLAG,
  CANARY;

  /** The change is a new revision of the target Deployment (noop or broken). */
  public boolean newRevision() {
    return this == NOOP || this == BROKEN;
  }

  /** The spelling used in scenario files, e.g. {@code noop}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
