/**
 * One drill, end to end: {@link dev.rollbackdrill.drill.DrillRunner} takes a scenario through
 * preflight, deploy, detect, trigger, rollback-accepted, healthy and verify, restores the target
 * whatever happens, and returns a {@link dev.rollbackdrill.drill.DrillResult}; around it the
 * preflight checks, the dry run, the levers for changes that are not a new revision (a blue-green
 * selector, a feature flag), the demo fixtures and the restore retry. It composes the capability
 * packages ({@code scenario}, {@code cluster}, {@code fault}, {@code guard}, {@code health},
 * {@code load}, {@code procedure}, {@code timing}, {@code history}); only {@code engine} and
 * {@code cli} use it.
 */
package dev.rollbackdrill.drill;
