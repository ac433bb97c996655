package dev.rollbackdrill.chaos;

import dev.rollbackdrill.scenario.Chaos;

/**
 * One kind of infrastructure fault, injected while a drill runs and undone by it: {@link #begin}
 * when its phase (plus delay) comes, {@link #again} every interval for a repeating one, {@link
 * #end} when it has lasted its time or the drill is over, whatever happened (idempotent: also
 * called for one that never began). {@link #did} says what it did, for the console and the record.
 */
public interface Injection {

  /** Label on everything an injection creates, with the drill's id: how a drill, and {@code drill recover}, find it. */
  String LABEL = "rollback-drill/chaos";

  /**
   * Why this injection cannot be made on the drill's cluster at all (its provider cannot cause the
   * fault), checked in the preflight before anything changes; empty when it can.
   */
  default java.util.Optional<String> unavailable() {
    return java.util.Optional.empty();
  }

  /** Injects the fault; returns one line on what it did. */
  String begin() throws ChaosException;

  /** Injects it once more (a pod-kill every interval); returns what it did, or null for nothing. */
  default String again() throws ChaosException {
    return null;
  }

  /** Undoes what {@link #begin} made (nothing for a kill, which the ReplicaSet makes good); returns what it did, or "". */
  String end();

  /** What it did over its whole run: "killed 2 pods", "2 noisy neighbours ran". */
  String did();

  /** The injection this is. */
  Chaos spec();

  /** An injection could not begin (or repeat): the API refused, or nothing was there to act on. */
  final class ChaosException extends Exception {
    private static final long serialVersionUID = 1L;

    public ChaosException(String message) {
      super(message);
    }
  }
}
