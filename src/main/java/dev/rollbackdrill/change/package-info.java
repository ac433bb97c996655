/**
 * The kinds of change a drill makes, one {@link dev.rollbackdrill.change.Lever} each, made from the
 * scenario's {@code change.type} by {@code Lever.of}: a new Deployment revision ({@code
 * RevisionLever}: {@code noop}, {@code broken}, with roll-forward as its variant), a blue-green
 * Service selector ({@code BlueGreenLever}) and a feature flag in a ConfigMap ({@code FlagLever}),
 * and a release's database migration around a revision ({@code MigrationLever}, which ends a drill
 * {@link dev.rollbackdrill.change.ForwardOnly} when the known-good version cannot run on the
 * migrated schema);
 * {@link dev.rollbackdrill.change.CandidateChange} turns a known-good pod template into the
 * candidate revision that works on any image; {@link dev.rollbackdrill.change.DrillFailure} is how
 * any step says the rollback, not the harness, failed. A new kind of change is a new lever here.
 * Uses {@code scenario}, {@code kube} (watch and rollout facts), {@code health} (gates and probes),
 * {@code procedure} (the known-good restore and what a procedure needs to know), {@code guard}
 * (the rollout history and the restore retry), {@code database} and {@code migration} (a
 * release's database, its checks and its restore), {@code timing} and {@code history}'s record types.
 */
package dev.rollbackdrill.change;
