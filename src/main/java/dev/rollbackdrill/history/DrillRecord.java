package dev.rollbackdrill.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One drill run (one iteration of one scenario), as appended to {@code drills/}. The JSON form
 * of this record is the product's history format: reports, trend charts and audits are computed
 * from it, so fields are only ever added, and {@link #FORMAT_VERSION} changes when a reader
 * could misread an older or newer document. Durations are nanoseconds from a monotonic clock;
 * instants are wall-clock and only say when the drill happened.
 */
public record DrillRecord(
    int formatVersion,
    String id,
    ScenarioRef scenario,
    ClusterRef cluster,
    String namespace,
    String deployment,
    RevisionRef knownGood,
    RevisionRef candidate,
    RevisionRef restored,
    String executedBy,
    Instant startedAt,
    Instant endedAt,
    int iteration,
    Map<String, Long> phaseNanos,
    Long triggerToHealthyNanos,
    long sloNanos,
    Verdict verdict,
    String reason,
    String histogramLog) {

  /** The version written by this build; readers skip documents with another version. */
  public static final int FORMAT_VERSION = 1;

  /** Phase names in the order a drill passes through them. */
  public static final List<String> PHASES =
      List.of(
          "preflight", "deploy", "detect", "trigger", "rollback-accepted", "healthy", "verify");

  /** Outcome of a drill run. */
  public enum Verdict {
    /** Restored and healthy within the SLO. */
    PASSED,
    /** Restored and healthy, but trigger-to-healthy exceeded the SLO. */
    SLO_MISSED,
    /** The drill could not complete (a phase timed out, the procedure failed). */
    FAILED,
    /** The harness itself failed (bad cluster, API error); says nothing about the rollback. */
    ERROR
  }

  /** Which scenario ran, pinned by the hash of its file. */
  public record ScenarioRef(
      String name,
      String file,
      String sha256,
      List<String> tags,
      String procedure,
      String change,
      String fault) {}

  /** The cluster the drill ran on. */
  public record ClusterRef(String provider, String name, String serverVersion) {}

  /** A Deployment revision: its number, the first container's image and its change-cause. */
  public record RevisionRef(long revision, String image, String changeCause) {}

  /** Whether the headline time met the SLO; false when it was never reached. */
  public boolean withinSlo() {
    return triggerToHealthyNanos != null && triggerToHealthyNanos <= sloNanos;
  }
}
