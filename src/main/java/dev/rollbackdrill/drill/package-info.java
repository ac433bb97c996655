/**
 * One drill, end to end: {@link dev.rollbackdrill.drill.DrillRunner} is the phase pipeline
 * (preflight, deploy, detect, trigger, rollback-accepted, healthy, verify) over a {@code DrillRun},
 * the state of one drill; {@code Preflight} (with {@code DrillGuard} and {@code TargetPreflight})
 * does what comes before any change, the scenario's {@code change.Lever} is the kind of change, a
 * {@code Detector} the detect phase (one per {@code detect.type}), {@code OnCallTrigger} the
 * procedure as the on-call identity, {@code LoadSession} the users' traffic, {@code DrillTeardown}
 * the always-restore guarantee with the shutdown hook, {@code Verdicts} and {@code DrillRecords} the
 * outcome. Beside it {@link dev.rollbackdrill.drill.DryRun} ({@code drill run --dry-run}), the
 * demo fixtures, and {@link dev.rollbackdrill.drill.CanaryWatch} ({@code drill canary watch}): canary
 * automation in a process of its own, judging with the same {@code CanaryJudgement} as the
 * {@code canary-analysis} detector, for drills whose rollback is {@code automatic}. It composes the
 * capability packages ({@code scenario}, {@code cluster}, {@code change}, {@code guard}, {@code
 * health}, {@code kube}, {@code load}, {@code procedure}, {@code timing}, {@code history}); only
 * {@code engine} and {@code cli} use it.
 */
package dev.rollbackdrill.drill;
