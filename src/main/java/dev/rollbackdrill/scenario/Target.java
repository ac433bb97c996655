package dev.rollbackdrill.scenario;

/**
 * The Deployment a drill changes and rolls back. {@code container} names the container whose image
 * or environment the change touches; null means the Deployment's first container. {@code service}
 * names the Service in front of it: the one a blue-green switch re-points and the synthetic load
 * calls; null when the scenario names none.
 */
public record Target(
    String namespace, String deployment, String container, Fixture fixtureKind, String service) {

  /** A target without a Service. */
  public Target(String namespace, String deployment, String container, Fixture fixtureKind) {
    this(namespace, deployment, container, fixtureKind, null);
  }

  /** The fixture's scenario-file name, or null when the target already exists. */
  public String fixture() {
    return fixtureKind == null ? null : fixtureKind.yamlName();
  }
}
