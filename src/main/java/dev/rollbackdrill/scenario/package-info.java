/**
 * The scenario model (records and enums for one drill: target, change, detect, rollback, healthy,
 * load, SLO) and its loading: {@link dev.rollbackdrill.scenario.ScenarioLoader} reads scenario files
 * through {@code dev.rollbackdrill.yaml} and validates every field before anything touches a
 * cluster, reporting all problems at once. The loader's Java rules are the authority on what a
 * scenario may say; {@code scenarios/scenario.schema.json} mirrors them for editors and the tests keep
 * the two agreeing. This package may use {@code dev.rollbackdrill.yaml}, SnakeYAML's node API and
 * the JDK, and nothing that talks to a cluster.
 */
package dev.rollbackdrill.scenario;
