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
 *
 * <p>Added later, null in older documents: {@code procedureOutput}, what the rollback procedure
 * printed (a runbook command's output, kept for failing commands too; at most 16 KiB), and {@code
 * impact}, what the drill's synthetic load saw (null when the scenario ran no load); {@code
 * toolVersion}, the version of rollback-drill that ran the drill ({@link ToolVersion}); {@code
 * canary}, what a canary drill measured of its canary ({@link Canary}; null for other changes);
 * {@code chaos}, the injections that ran during the drill ({@link ChaosRun}; null without chaos).
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
    String histogramLog,
    String procedureOutput,
    Impact impact,
    String toolVersion,
    Canary canary,
    List<ChaosRun> chaos) {

  /** A record without chaos, as written before {@code chaos} existed. */
  public DrillRecord(int formatVersion, String id, ScenarioRef scenario, ClusterRef cluster, String namespace,
      String deployment, RevisionRef knownGood, RevisionRef candidate, RevisionRef restored, String executedBy,
      Instant startedAt, Instant endedAt, int iteration, Map<String, Long> phaseNanos, Long triggerToHealthyNanos,
      long sloNanos, Verdict verdict, String reason, String histogramLog, String procedureOutput, Impact impact,
      String toolVersion, Canary canary) {
    this(formatVersion, id, scenario, cluster, namespace, deployment, knownGood, candidate, restored, executedBy,
        startedAt, endedAt, iteration, phaseNanos, triggerToHealthyNanos, sloNanos, verdict, reason, histogramLog,
        procedureOutput, impact, toolVersion, canary, null);
  }

  /**
   * One chaos injection of the drill: its kind, the phase it was to start in and what the scenario
   * asked ({@code spec}); when it began, in nanoseconds after the deploy phase began (null if it
   * never did), how long it lasted (null if it never began), and what it did ("killed 2 pods", or
   * why it could not be injected).
   */
  public record ChaosRun(String kind, String during, String spec, Long beganNanos, Long lastedNanos, String did) {}

  /** A record of any change but a canary, as written before {@code canary} existed. */
  public DrillRecord(int formatVersion, String id, ScenarioRef scenario, ClusterRef cluster, String namespace,
      String deployment, RevisionRef knownGood, RevisionRef candidate, RevisionRef restored, String executedBy,
      Instant startedAt, Instant endedAt, int iteration, Map<String, Long> phaseNanos, Long triggerToHealthyNanos,
      long sloNanos, Verdict verdict, String reason, String histogramLog, String procedureOutput, Impact impact,
      String toolVersion) {
    this(formatVersion, id, scenario, cluster, namespace, deployment, knownGood, candidate, restored, executedBy,
        startedAt, endedAt, iteration, phaseNanos, triggerToHealthyNanos, sloNanos, verdict, reason, histogramLog,
        procedureOutput, impact, toolVersion, null, null);
  }

  /**
   * What a canary drill measured of its canary: the weight asked ({@code 0.05} for 5%) and the
   * share its replicas gave ({@code canaryPods} of {@code canaryPods + baselinePods} endpoints);
   * {@code detectNanos}, from the canary going live to the analysis's decision (null when it never
   * decided); {@code decision}, the analysis's verdict with its numbers; and of the synthetic load's
   * user requests, how many there were while the canary was live or being taken away ({@code
   * userRequests}, from the canary going live to healthy), how many of them the canary served ({@code
   * servedByCanary}; null when the service names no pod in its answers' {@code X-Served-By}) and
   * how many of them failed. The load's figures are null without a load.
   */
  public record Canary(
      double weight,
      double share,
      int canaryPods,
      int baselinePods,
      Long detectNanos,
      String decision,
      Long userRequests,
      Long servedByCanary,
      Long failedUserRequests) {}

  /** The version written by this build; readers skip documents with another version. */
  public static final int FORMAT_VERSION = 1;

  /** Phase names in the order a drill passes through them. */
  public static final List<String> PHASES = dev.rollbackdrill.timing.Phase.recordNames();

  /**
   * Whether {@code r} shows its scenario was drilled, for what is due and what is stale: any
   * verdict but a harness {@code ERROR}, which says nothing about the rollback, and {@code
   * REFUSED}, a drill that never began.
   */
  public static boolean drilled(DrillRecord r) {
    return r.verdict() != Verdict.ERROR && r.verdict() != Verdict.REFUSED;
  }

  /** Outcome of a drill run. */
  public enum Verdict {
    /** Restored and healthy within the SLO. */
    PASSED,
    /** Restored and healthy, but trigger-to-healthy exceeded the SLO. */
    SLO_MISSED,
    /** The drill could not complete (a phase timed out, the procedure failed). */
    FAILED,
    /**
     * The rollback of the code cannot work: the release's migration left a schema the known-good
     * version does not run on, so only a roll-forward (or the down-migration) gets out. A finding
     * about the release, counted apart from failed rollbacks.
     */
    FORWARD_ONLY,
    /**
     * Refused in preflight, before anything was changed (a paused or mid-rollout target, an
     * unmarked namespace, a lease held, missing RBAC, ...): the rollback was not drilled.
     */
    REFUSED,
    /** The harness itself failed (bad cluster, API error); says nothing about the rollback. */
    ERROR
  }

  /**
   * Which scenario ran, pinned by the hash of its file; {@code migration} names the release's
   * migration files (a scenario with a database section), null when it had none.
   */
  public record ScenarioRef(
      String name,
      String file,
      String sha256,
      List<String> tags,
      String procedure,
      String change,
      String fault,
      String migration) {

    /** A scenario whose release has no database migration. */
    public ScenarioRef(String name, String file, String sha256, List<String> tags, String procedure, String change,
        String fault) {
      this(name, file, sha256, tags, procedure, change, fault, null);
    }
  }

  /** The cluster the drill ran on. */
  public record ClusterRef(String provider, String name, String serverVersion) {}

  /** A Deployment revision: its number, the first container's image and its change-cause. */
  public record RevisionRef(long revision, String image, String changeCause) {}

  /**
   * What users saw during the drill, measured by a steady synthetic load through the API server's
   * proxy: the whole drill in {@code total} and each phase in {@code phases} (in drill order, plus
   * {@code restore} when the drill had to restore the target after its phases). A request counts
   * in the phase in which it started, so the phases add up to the total exactly.
   *
   * @param target where the requests went, e.g. {@code services/demo:8080/proxy/cgi-bin/app}
   * @param ratePerSecond the scheduled rate
   */
  public record Impact(String target, double ratePerSecond, LoadStats total, Map<String, LoadStats> phases) {}

  /**
   * Requests in a span of the drill. {@code failed} counts answers that were not 2xx and requests
   * that got no answer in time; {@code errorRate} is failed / requests (0 without requests);
   * latencies are null without requests. {@code firstFailedAtNanos} and {@code lastFailedAtNanos}
   * are when the first and last failed request of the span started, as offsets from the start of
   * the drill's first phase (the origin of the phase durations); {@code impactWindowNanos} is the
   * time between them. All three are null when nothing failed.
   */
  public record LoadStats(
      long requests,
      long failed,
      double errorRate,
      Long p50Nanos,
      Long p99Nanos,
      Long firstFailedAtNanos,
      Long lastFailedAtNanos,
      Long impactWindowNanos) {}

  /** Whether the headline time met the SLO; false when it was never reached. */
  public boolean withinSlo() {
    return triggerToHealthyNanos != null && triggerToHealthyNanos <= sloNanos;
  }
}
