package dev.rollbackdrill.scenario;

/**
 * Something the drill sets up in the target namespace before it starts. {@link #DEMO} is the
 * built-in demo service, created afresh so that revision 1 is always its healthy v1: how the
 * example scenarios run on a throwaway cluster.
 */
public enum Fixture {
  DEMO;

  /** The spelling used in scenario files, e.g. {@code demo}. */
  public String yamlName() {
    return YamlNames.of(this);
  }
}
