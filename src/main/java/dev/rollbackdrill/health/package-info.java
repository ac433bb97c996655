/**
 * Seeing the target: a {@link dev.rollbackdrill.health.TargetWatch} fed by informers stamps every
 * watch event with its arrival time, {@link dev.rollbackdrill.health.HealthGate}s open at the event
 * that made their condition hold, probe streaks cover what no event shows, and {@link
 * dev.rollbackdrill.health.Rollouts} reads revisions and completeness the way {@code kubectl} does.
 * Uses {@code timing} and {@code load}'s API server proxy; never changes the cluster.
 */
package dev.rollbackdrill.health;
