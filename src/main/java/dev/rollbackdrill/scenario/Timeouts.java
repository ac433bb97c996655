package dev.rollbackdrill.scenario;

import java.time.Duration;

/**
 * The longest each drill phase may take before the drill is abandoned. These bound the drill, not
 * the SLO: a phase that times out is an error, a slow rollback within its timeout is a measured SLO
 * miss.
 */
public record Timeouts(
    Duration preflight,
    Duration deploy,
    Duration detect,
    Duration rollback,
    Duration healthy,
    Duration verify) {

  /** The timeouts used for every phase a scenario does not name. */
  public static Timeouts defaults() {
    return new Timeouts(
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(120),
        Duration.ofSeconds(60),
        Duration.ofSeconds(180),
        Duration.ofSeconds(60));
  }
}
