/**
 * When the target counts as healthy: {@link dev.rollbackdrill.health.HealthGate}s listen to a
 * {@code kube.TargetWatch} and open at the watch event that made their condition hold, and {@link
 * dev.rollbackdrill.health.ProbeStreaks} probe every pod over HTTP for what no event shows (a flag
 * taking effect, {@code healthy.http}). Uses {@code kube} and {@code timing}; never changes the
 * cluster.
 */
package dev.rollbackdrill.health;
