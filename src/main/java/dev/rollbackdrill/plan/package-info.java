/**
 * The drill plan: which scenarios are drilled on which cron schedule, who executes each month's
 * drills, and when a scenario counts as stale. {@link dev.rollbackdrill.plan.PlanLoader} reads a
 * plan file through {@code dev.rollbackdrill.yaml}, the same way scenario files are read, and
 * checks each planned name against the scenarios loaded by {@code dev.rollbackdrill.scenario}.
 * This package may use those two packages, {@code dev.rollbackdrill.history} (whose records tell
 * what is stale), SnakeYAML's node API and the JDK; it runs no drill.
 */
package dev.rollbackdrill.plan;
