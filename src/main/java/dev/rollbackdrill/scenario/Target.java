package dev.rollbackdrill.scenario;

/**
 * The Deployment a drill changes and rolls back. {@code container} names the container whose image
 * or environment the change touches; null means the Deployment's first container.
 */
public record Target(String namespace, String deployment, String container, Fixture fixtureKind) {

  /** The fixture's scenario-file name, or null when the target already exists. */
  public String fixture() {
    return fixtureKind == null ? null : fixtureKind.yamlName();
  }
}
