package dev.rollbackdrill.drill;

/**
 * Hears a drill as it happens: each phase as it starts and ends, and notable events. The
 * console's progress lines and the JUnit engine's report entries are both listeners.
 */
public interface DrillListener {

  /** A phase ended after {@code nanos}; {@code detail} says what was seen. */
  default void phaseEnded(String drill, String phase, long nanos, String detail) {}

  /** Something worth a line of progress that is not a phase boundary. */
  default void note(String drill, String message) {}

  DrillListener NONE = new DrillListener() {};
}
