/**
 * The {@code drill} command line: one thin picocli command per verb ({@code run}, {@code validate},
 * {@code list}, {@code cluster}, {@code report}, {@code plan}, {@code recover}, {@code db}, {@code
 * init}, {@code canary watch}) that parses its options, delegates and returns an exit code, plus the
 * console progress a run prints. Drills run through the JUnit Platform launcher and the {@code
 * engine} package, never by calling the runner directly (except the dry run, {@code drill.DryRun});
 * {@code canary watch} runs no drill but the canary automation a drill of automatic rollback measures. May use every other package; nothing
 * depends on it.
 */
package dev.rollbackdrill.cli;
