/**
 * What keeps a drill safe before, during and after it changes anything: namespaces opted in for
 * drills ({@link dev.rollbackdrill.guard.Guardrails}), refusing clusters that look like
 * production, access reviews for the on-call identity, one drill per target (a Lease), the
 * known-good record and the rollout history as found, kept on that Lease, the one retry policy of
 * every restore ({@link dev.rollbackdrill.guard.RestoreRetry}), recovery of targets a killed drill
 * left changed, and masking secrets in what is recorded. Uses {@code cluster}, {@code scenario},
 * {@code change} (the drill's own annotation), {@code kube} (rollout facts) and {@code procedure}
 * (the known-good restore); used by {@code drill}, {@code change}, {@code engine} and {@code cli}.
 */
package dev.rollbackdrill.guard;
