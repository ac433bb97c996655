/**
 * What keeps a drill safe before, during and after it changes anything: refusing clusters that
 * look like production, access reviews for the on-call identity, one drill per target (a Lease),
 * the known-good record and the rollout history as found, kept on that Lease, recovery of targets
 * a killed drill left changed, and masking secrets in what is recorded. Uses {@code cluster},
 * {@code scenario}, {@code fault} (the drill's own annotation), {@code health} (rollout facts) and
 * {@code procedure} (to restore); used by {@code drill}, {@code engine} and {@code cli}.
 */
package dev.rollbackdrill.guard;
