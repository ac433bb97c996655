package dev.rollbackdrill.timing;

import java.util.Arrays;
import java.util.List;

/**
 * The phases of a drill, in the order it passes through them, with the names records, histogram
 * logs, the console and the report use for them. Trigger-to-healthy (trigger, accepted and healthy
 * together) is a span, not a phase: {@link #TRIGGER_TO_HEALTHY}; so is {@link #RESTORE}, the time a
 * drill spent putting its target back after its phases.
 */
public enum Phase {
  PREFLIGHT("preflight"),
  DEPLOY("deploy"),
  DETECT("detect"),
  TRIGGER("trigger"),
  ACCEPTED("rollback-accepted"),
  HEALTHY("healthy"),
  VERIFY("verify");

  /** The span from the rollback's trigger to healthy, the headline and what the SLO applies to. */
  public static final String TRIGGER_TO_HEALTHY = "trigger-to-healthy";
  /** Not a phase: the load's name for the time the drill spent restoring the target after its phases. */
  public static final String RESTORE = "restore";

  private final String recordName;

  Phase(String recordName) {
    this.recordName = recordName;
  }

  /** The name in records, histogram logs and the console, e.g. {@code rollback-accepted}. */
  public String recordName() {
    return recordName;
  }

  @Override
  public String toString() {
    return recordName;
  }

  /** Every phase's record name, in drill order. */
  public static List<String> recordNames() {
    return Arrays.stream(values()).map(Phase::recordName).toList();
  }

  /** The phases trigger-to-healthy is made of, in order. */
  public static List<Phase> triggerToHealthy() {
    return List.of(TRIGGER, ACCEPTED, HEALTHY);
  }
}
