/**
 * The rollback-drill JUnit Platform engine: scenario files are discovered as containers, their
 * iterations as tests run by {@code drill.DrillRunner}, phase durations published as report entries
 * and records appended to the history. Its configuration keys are documented, with their values,
 * in {@link dev.rollbackdrill.engine.Constants} and read once into {@link
 * dev.rollbackdrill.engine.DrillOptions}, which also writes them for the command line; the report
 * entries it publishes are written and read by {@link dev.rollbackdrill.engine.ResultEntries}.
 * Public: the engine, those three and {@link dev.rollbackdrill.engine.ClusterRefusedException}.
 * Uses {@code scenario}, {@code cluster}, {@code guard}, {@code drill}, {@code history} and {@code
 * timing}; {@code cli} runs it through the launcher.
 */
package dev.rollbackdrill.engine;
