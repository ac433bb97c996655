/**
 * One drill, end to end: {@link dev.rollbackdrill.drill.DrillRunner} is the phase pipeline
 * (preflight, deploy, detect, trigger, rollback-accepted, healthy, verify) over a {@code DrillRun},
 * the state of one drill; {@code Preflight} does what comes before any change, a {@code Lever} is
 * the kind of change, a {@code Detector} the detect phase, {@code OnCallTrigger} the procedure as
 * the on-call identity, {@code DrillTeardown} the always-restore guarantee with the shutdown hook,
 * {@code Verdicts} and {@code DrillRecords} the outcome. Around it the dry run, the demo fixtures
 * and the restore retry. It composes the capability packages ({@code scenario}, {@code cluster},
 * {@code fault}, {@code guard}, {@code health}, {@code load}, {@code procedure}, {@code timing},
 * {@code history}); only {@code engine} and {@code cli} use it.
 */
package dev.rollbackdrill.drill;
