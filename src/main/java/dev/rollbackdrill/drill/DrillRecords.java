package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.CanaryShare;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.history.ToolVersion;
import dev.rollbackdrill.procedure.ProcedureOutput;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Locale;

/**
 * Turns a drill that has ended into its result: the record (redacted, in the history's format),
 * the phase histograms, written by the runner's {@link DrillRunner.Recorder} when it has one, and
 * told to the listener.
 */
final class DrillRecords implements DrillTeardown.Ending {
  private final DrillRun run;
  private final ClusterHandle cluster;
  private final KubernetesClient client;
  private final Clock clock;
  private final DrillRunner.Recorder recorder;
  private final DrillListener listener;

  DrillRecords(DrillRun run, ClusterHandle cluster, KubernetesClient client, Clock clock, DrillRunner.Recorder recorder,
      DrillListener listener) {
    this.run = run;
    this.cluster = cluster;
    this.client = client;
    this.clock = clock;
    this.recorder = recorder;
    this.listener = listener;
  }

  @Override
  public DrillResult end(Verdict verdict, String reason) {
    if (run.triggerToHealthy != null) {
      run.timer.recordSpan(Phase.TRIGGER_TO_HEALTHY, run.triggerToHealthy);
    }
    reason = run.redactor.redact(reason);
    String output = run.redactor.redact(run.procedureOutput);
    DrillRecord record = record(verdict, reason, output);
    if (record.canary() != null) {
      run.note(CanaryExposure.line(record.canary()));
    }
    run.note(verdict + ": " + reason);
    DrillResult result = new DrillResult(record, run.timer.histograms(), output, run.timer.starts(), run.loadTotals);
    if (recorder != null) {
      try {
        result = result.written(recorder.write(result), null);
      } catch (Exception e) {
        result = result.written(null, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    listener.recorded(run.label, result);
    return result;
  }

  private DrillRecord record(Verdict verdict, String reason, String output) {
    Scenario s = run.s;
    RevisionRef knownGood = run.knownGood == null ? null : run.ref(run.knownGood.replicaSet());
    return new DrillRecord(
        DrillRecord.FORMAT_VERSION,
        DrillRecordIds.id(run.startedAt, s.name(), run.iteration, run.id),
        new DrillRecord.ScenarioRef(
            s.name(),
            s.source() == null ? null : s.source().toString(),
            s.sha256(),
            s.tags(),
            s.rollback().procedure().yamlName(),
            s.change().type().name().toLowerCase(Locale.ROOT),
            s.change().fault() == null ? null : s.change().fault().yamlName(),
            s.database() == null ? null : s.database().migrationName()),
        new DrillRecord.ClusterRef(cluster.provider(), cluster.name(), serverVersion()),
        run.ns,
        run.name,
        knownGood,
        run.candidateRef,
        run.restoredRef,
        run.executedBy,
        run.startedAt,
        clock.instant(),
        run.iteration,
        run.timer.durations(),
        run.triggerToHealthy,
        s.slo().toNanos(),
        verdict,
        reason,
        null,
        output == null || output.isEmpty() ? null : ProcedureOutput.clip(output),
        run.impact,
        ToolVersion.current(),
        canary(),
        run.chaosRuns);
  }

  /** The record's canary section, when the drill's change is a canary; else null. */
  private DrillRecord.Canary canary() {
    CanaryShare share = run.lever.canaryShare();
    return share == null ? null
        : CanaryExposure.of(share, run.timer.starts(), run.timer.duration(Phase.DETECT), run.detected, run.loadSamples);
  }

  /** The version asked before the drill; asked now when that failed. */
  private String serverVersion() {
    if (run.serverVersion == null && client != null) {
      try {
        run.serverVersion = client.getKubernetesVersion().getGitVersion();
      } catch (RuntimeException e) {
        return "unknown";
      }
    }
    return run.serverVersion == null ? "unknown" : run.serverVersion;
  }
}
