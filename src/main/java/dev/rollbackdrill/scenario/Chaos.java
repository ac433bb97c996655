package dev.rollbackdrill.scenario;

import dev.rollbackdrill.timing.Phase;
import java.time.Duration;

/**
 * One injection of a scenario's {@code chaos:} list: {@code kind}, started {@code after} the phase
 * {@code during} begins, lasting {@code lasts} (null: until the rollback is over, when the verify
 * phase begins). For {@code pod-kill}: {@code pods} pods (or a {@code share} of them, a fraction)
 * of the known-good ReplicaSet, or of the candidate's when {@code ofCandidate}, killed once or
 * {@code every} interval while it lasts, and the same for {@code container-kill}'s containers; for
 * {@code cpu-pressure}: {@code pods} noisy neighbours.
 * Every injection is undone by the drill, whatever happens.
 */
public record Chaos(
    ChaosKind kind,
    Phase during,
    Duration after,
    Duration lasts,
    int pods,
    Double share,
    boolean ofCandidate,
    Duration every) {

  /** One line on what it does and when, for the dry run and the console. */
  public String describe() {
    String what = switch (kind) {
      case POD_KILL -> "kill " + victims("pod");
      case CPU_PRESSURE -> pods + " noisy-neighbour pod" + (pods == 1 ? "" : "s") + " burning CPU on the target's node";
      case QUOTA_SQUEEZE -> "a ResourceQuota leaving no room for one more pod in the namespace";
      case CONTAINER_KILL -> "kill the main process of " + victims("container");
      case API_UNAVAILABLE -> "the API server stopped";
    };
    return kind.yamlName() + ": " + what + ", " + (after.isZero() ? "as " : Durations.format(after) + " after ")
        + during.recordName() + " begins, " + (lasts == null ? "until the rollback is over" : "for " + Durations.format(lasts));
  }

  /** What a kill takes, {@code noun} by {@code noun}: "2 pods of the known-good pods, every 2s". */
  private String victims(String noun) {
    return (share != null ? Percentages.format(share, 1) : pods + " " + noun + (pods == 1 ? "" : "s")) + " of the "
        + (ofCandidate ? "candidate's" : "known-good") + " pods" + (every == null ? "" : ", every " + Durations.format(every));
  }
}
