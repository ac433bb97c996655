/**
 * Time for measurements: the injected monotonic {@link dev.rollbackdrill.timing.Ticker} every
 * measured duration comes from, and {@link dev.rollbackdrill.timing.PhaseTimer}, which times a
 * drill's phases back to back from event arrival times and records each in an HdrHistogram. Uses no
 * other package of this project and never reads wall-clock time.
 */
package dev.rollbackdrill.timing;
