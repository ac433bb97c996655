package dev.rollbackdrill.drill;

/**
 * Hears a drill as it happens: each phase as it starts and ends, notable events, and the record
 * once it is written. The console's progress lines and the JUnit engine's report entries are both
 * listeners.
 */
public interface DrillListener {

  /** A phase ended after {@code nanos}; {@code detail} says what was seen. */
  default void phaseEnded(String drill, String phase, long nanos, String detail) {}

  /** Something worth a line of progress that is not a phase boundary. */
  default void note(String drill, String message) {}

  /**
   * The drill has ended and its record was written ({@link DrillResult#recordFile()}, or why not in
   * {@link DrillResult#recordProblem()}). Called once per drill, on the drill's own thread or, for a
   * drill stopped by SIGTERM or Ctrl-C, on the shutdown hook's, just before the JVM exits: a
   * listener that prints must flush before it returns.
   */
  default void recorded(String drill, DrillResult result) {}

  DrillListener NONE = new DrillListener() {};
}
