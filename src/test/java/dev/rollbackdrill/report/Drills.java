package dev.rollbackdrill.report;

import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.ClusterRef;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.ScenarioRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made drill records for tests: {@code drill("a", "2026-01-10T10:00:00Z").took(secs(3))}. */
public final class Drills {

  private Drills() {}

  public static Builder drill(String scenario, String startedAt) {
    return new Builder(scenario, Instant.parse(startedAt));
  }

  public static Duration secs(double s) {
    return Duration.ofNanos(Math.round(s * 1e9));
  }

  public static final class Builder {
    private final String scenario;
    private final Instant startedAt;
    private Duration took = secs(10);
    private Duration slo = secs(60);
    private Verdict verdict;
    private String reason;
    private String by = "alice";
    private String procedure = "rollout-undo";
    private String namespace = "shop";
    private String deployment;
    private Map<String, Long> phases;
    private String change = "image";
    private String fault;
    private String cause = "bad";
    private DrillRecord.Impact impact;
    private String cluster = "k3s";
    private String migration;
    private DrillRecord.Canary canary;
    private List<DrillRecord.ChaosRun> chaos;

    private Builder(String scenario, Instant startedAt) {
      this.scenario = scenario;
      this.startedAt = startedAt;
      this.deployment = scenario;
    }

    public Builder took(Duration d) {
      this.took = d;
      return this;
    }

    /** The release had a database migration (the scenario's migration files). */
    public Builder migration(String files) {
      this.migration = files;
      return this;
    }

    public Builder slo(Duration d) {
      this.slo = d;
      return this;
    }

    /** Never became healthy: no trigger-to-healthy time. */
    public Builder failed(String why) {
      this.verdict = Verdict.FAILED;
      this.took = null;
      this.reason = why;
      return this;
    }

    /** The release's migration blocked the rollback of the code. */
    public Builder forwardOnly(String why) {
      this.verdict = Verdict.FORWARD_ONLY;
      this.took = null;
      this.reason = why;
      return this;
    }

    /** The harness failed. */
    public Builder error(String why) {
      this.verdict = Verdict.ERROR;
      this.took = null;
      this.reason = why;
      return this;
    }

    /** Refused in preflight: nothing was changed, only preflight ran. */
    public Builder refused(String why) {
      this.verdict = Verdict.REFUSED;
      this.took = null;
      this.reason = why;
      this.phases = new LinkedHashMap<>(Map.of("preflight", secs(0.2).toNanos()));
      return this;
    }

    public Builder by(String who) {
      this.by = who;
      return this;
    }

    public Builder procedure(String p) {
      this.procedure = p;
      return this;
    }

    public Builder target(String ns, String dep) {
      this.namespace = ns;
      this.deployment = dep;
      return this;
    }

    /** The failure rehearsed: change type and fault (null for none). */
    public Builder failure(String change, String fault) {
      this.change = change;
      this.fault = fault;
      return this;
    }

    /** The candidate's change-cause (default "bad"). */
    public Builder cause(String changeCause) {
      this.cause = changeCause;
      return this;
    }

    /** A synthetic load saw {@code failed} of {@code requests} fail over the drill. */
    public Builder load(long requests, long failed) {
      this.impact = new DrillRecord.Impact("services/app:8080/proxy/", 10, new DrillRecord.LoadStats(requests, failed,
          requests == 0 ? 0 : (double) failed / requests, 1_000_000L, 5_000_000L, null, null, null), Map.of());
      return this;
    }

    /** The cluster provider the record names ("k3s" unless said). */
    public Builder on(String provider) {
      this.cluster = provider;
      return this;
    }

    /** A canary drill: its real share, canary live to decision, and the users' requests while it was live. */
    public Builder canary(double share, Duration detect, long userRequests, long served, long failed) {
      this.canary = new DrillRecord.Canary(share, share, 1, (int) Math.round(1 / share) - 1, detect.toNanos(),
          "decided", userRequests, served, failed);
      this.change = "canary";
      return this;
    }

    /** A chaos injection ran during the drill, from the trigger for {@code lasted}: what was asked and what it did. */
    public Builder chaos(String kind, String spec, Duration lasted, String did) {
      this.chaos = new ArrayList<>(chaos == null ? List.of() : chaos);
      this.chaos.add(new DrillRecord.ChaosRun(kind, "trigger", spec, secs(6).toNanos(), lasted.toNanos(), did));
      return this;
    }

    public Builder phases(long detect, long trigger, long accepted, long healthy) {
      phases = new LinkedHashMap<>();
      phases.put("preflight", 1L);
      phases.put("deploy", 1L);
      phases.put("detect", detect);
      phases.put("trigger", trigger);
      phases.put("rollback-accepted", accepted);
      phases.put("healthy", healthy);
      phases.put("verify", 1L);
      return this;
    }

    public DrillRecord build() {
      Long tth = took == null ? null : took.toNanos();
      Verdict v =
          verdict != null ? verdict : tth <= slo.toNanos() ? Verdict.PASSED : Verdict.SLO_MISSED;
      Map<String, Long> p = phases;
      if (p == null) {
        p = new LinkedHashMap<>();
        if (tth != null) {
          p.put("detect", secs(5).toNanos());
          p.put("trigger", tth / 10);
          p.put("rollback-accepted", tth / 10);
          p.put("healthy", tth - 2 * (tth / 10));
        }
      }
      RevisionRef good = new RevisionRef(1, "app:1", "good");
      return new DrillRecord(
          DrillRecord.FORMAT_VERSION,
          scenario + "@" + startedAt,
          new ScenarioRef(
              scenario,
              "scenarios/" + scenario + ".yaml",
              "0".repeat(64),
              List.of(),
              procedure,
              change,
              fault,
              migration),
          new ClusterRef(cluster, "test", "v1.31.4+k3s1"),
          namespace,
          deployment,
          good,
          new RevisionRef(2, "app:2", cause),
          tth == null ? null : new RevisionRef(3, "app:1", "good"),
          by,
          startedAt,
          startedAt.plusSeconds(60),
          1,
          p,
          tth,
          slo.toNanos(),
          v,
          reason,
          null,
          null,
          impact, null, canary, chaos);
    }
  }
}
