package dev.rollbackdrill.scenario;

/**
 * Something the drill sets up in the target namespace before it starts. {@link #DEMO} is the
 * built-in demo service, created afresh so that revision 1 is always its healthy v1: how the
 * example scenarios run on a throwaway cluster. {@link #BLUE_GREEN} is the demo as two colours
 * behind one Service (deployment demo-blue healthy and live, demo-green a release that answers
 * HTTP 500); {@link #FEATURE_FLAG} is the demo reading its risky-path flag live from the
 * ConfigMap demo-flags. {@link #DEMO_DB} is the demo as a database client: v1 reads {@code
 * users.email} from the drill's own database on the throwaway PostgreSQL (a scenario's {@code
 * database:} section without {@code url}), with the credentials in the Secret demo-db. {@link
 * #CANARY} is the demo with nineteen replicas, so that a canary of one pod takes 5% of the traffic.
 */
public enum Fixture {
  DEMO,
  BLUE_GREEN,
  FEATURE_FLAG,
  DEMO_DB,
  CANARY;

  /** The spelling used in scenario files, e.g. {@code demo}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
