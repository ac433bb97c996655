package dev.rollbackdrill.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fields added to the record are read back, and documents written before them still read. */
class DrillRecordFormatTest {

  /** A record as the first builds wrote it: no procedureOutput, no impact. */
  private static final String FIRST_FORMAT = """
      {
        "formatVersion" : 1,
        "id" : "20261122T003509Z-noop-undo-i1-1a2b3c4d",
        "scenario" : { "name" : "noop-undo", "file" : "scenarios/noop-undo.yaml", "sha256" : "00",
          "tags" : [ "undo" ], "procedure" : "rollout-undo", "change" : "noop", "fault" : null },
        "cluster" : { "provider" : "local", "name" : "local", "serverVersion" : "v1.20.2" },
        "namespace" : "drill-demo",
        "deployment" : "demo",
        "knownGood" : { "revision" : 1, "image" : "rollback-drill/demo:v1", "changeCause" : "v1" },
        "candidate" : null,
        "restored" : null,
        "executedBy" : "ci",
        "startedAt" : "2026-11-22T00:35:09Z",
        "endedAt" : "2026-11-22T00:35:19Z",
        "iteration" : 1,
        "phaseNanos" : { "preflight" : 1000 },
        "triggerToHealthyNanos" : null,
        "sloNanos" : 30000000000,
        "verdict" : "FAILED",
        "reason" : "detect: never",
        "histogramLog" : "x.hlog"
      }
      """;

  @TempDir Path dir;

  @Test
  void readsADocumentWrittenBeforeTheNewFields() throws Exception {
    DrillRecord r = DrillHistory.mapper().readValue(FIRST_FORMAT, DrillRecord.class);

    assertThat(r.scenario().name()).isEqualTo("noop-undo");
    assertThat(r.histogramLog()).isEqualTo("x.hlog");
    assertThat(r.procedureOutput()).isNull();
    assertThat(r.impact()).isNull();
    assertThat(r.toolVersion()).as("written before records named their tool's version").isNull();
    assertThat(r.formatVersion()).isEqualTo(DrillRecord.FORMAT_VERSION).isEqualTo(1);
  }

  @Test
  void aRecordWrittenBeforeRefusalsExistedReadsAsBefore() throws Exception {
    byte[] json = FIRST_FORMAT.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    DrillRecord r = DrillHistory.mapper().readValue(json, DrillRecord.class);
    assertThat(r.verdict()).isEqualTo(DrillRecord.Verdict.FAILED);
    assertThat(DrillRecord.drilled(r)).isTrue();
  }

  @Test
  void aRefusedDrillIsWrittenAndReadBackAsRefusedAndIsNotDrilled() throws Exception {
    DrillRecord r = new DrillRecord(1, "20261201T080000Z-noop-undo-i1-1a2b3c4d",
        new DrillRecord.ScenarioRef("noop-undo", "scenarios/noop-undo.yaml", "00", List.of(), "rollout-undo", "noop",
            null),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:00:01Z"), 1, Map.of("preflight", 5L), null,
        30_000_000_000L, DrillRecord.Verdict.REFUSED, "preflight: deployment ns/demo is paused", null, null, null, null);
    DrillHistory history = new DrillHistory(dir);
    Path file = history.append(r, Map.of());
    byte[] json = java.nio.file.Files.readAllBytes(file);

    assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).contains("\"verdict\" : \"REFUSED\"");
    DrillRecord back = history.readAll().records().get(0);
    assertThat(back.verdict()).isEqualTo(DrillRecord.Verdict.REFUSED);
    assertThat(back.reason()).isEqualTo("preflight: deployment ns/demo is paused");
    assertThat(DrillRecord.drilled(back)).as("a refused drill never began").isFalse();
  }

  @Test
  void theHistoryKeepsProcedureOutputImpactAndTheToolVersion() throws Exception {
    Map<String, LoadStats> phases = new LinkedHashMap<>();
    phases.put("detect", new LoadStats(100, 12, 0.12, 2_000_000L, 9_000_000L, 5_000_000_000L, 9_000_000_000L,
        4_000_000_000L));
    phases.put("healthy", new LoadStats(20, 0, 0.0, 2_000_000L, 3_000_000L, null, null, null));
    Impact impact = new Impact("services/demo:8080/proxy/cgi-bin/app", 10.0,
        new LoadStats(120, 12, 0.1, 2_000_000L, 9_000_000L, 5_000_000_000L, 9_000_000_000L, 4_000_000_000L), phases);
    DrillRecord r = new DrillRecord(1, "id", new DrillRecord.ScenarioRef("s", null, "00", List.of(), "command",
            "broken", "bad-config"),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-22T00:01:00Z"), 1, Map.of("detect", 1L), 5L,
        10L, DrillRecord.Verdict.FAILED, "runbook command exited 1: boom", null, "deployment.apps/demo\nboom\n",
        impact, ToolVersion.current());
    DrillHistory history = new DrillHistory(dir);
    history.append(r, Map.of("detect", new Histogram(3)));

    DrillRecord back = history.readAll().records().get(0);
    assertThat(back.toolVersion()).isEqualTo(ToolVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(back.procedureOutput()).isEqualTo("deployment.apps/demo\nboom\n");
    assertThat(back.impact()).isEqualTo(impact);
    assertThat(back.impact().phases().keySet()).containsExactly("detect", "healthy");
  }

  @Test
  void theHistoryKeepsWhatEachChaosInjectionDid() throws Exception {
    List<DrillRecord.ChaosRun> chaos = List.of(new DrillRecord.ChaosRun("quota-squeeze", "trigger",
        "quota-squeeze: a ResourceQuota leaving no room for one more pod in the namespace, as trigger begins, for 10s",
        4_000_000_000L, 10_000_000_000L, "held the namespace at 2 pods for 10.0s"));
    DrillRecord r = new DrillRecord(1, "id", new DrillRecord.ScenarioRef("s", null, "00", List.of(), "rollout-undo",
            "noop", null),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        Instant.parse("2026-11-22T00:00:00Z"), Instant.parse("2026-11-22T00:01:00Z"), 1, Map.of("detect", 1L), 5L,
        10L, DrillRecord.Verdict.PASSED, "ok", null, null, null, ToolVersion.current(), null, chaos);
    DrillHistory history = new DrillHistory(dir);
    history.append(r, Map.of("detect", new Histogram(3)));

    // (Once lost on the way to disk, where the histogram log's name is added to the record.)
    assertThat(history.readAll().records().get(0).chaos()).isEqualTo(chaos);
  }

  @Test
  void theHistogramLogPlacesEachPhaseInTimeAndReadsBackItsValues() throws Exception {
    Map<String, Long> phases = new LinkedHashMap<>();
    phases.put("preflight", 1_000_000_000L);
    phases.put("deploy", 500_000_000L);
    phases.put("trigger", 250_000_000L);
    phases.put("healthy", 2_000_000_000L);
    Map<String, Histogram> histograms = new LinkedHashMap<>();
    phases.forEach((k, v) -> {
      Histogram h = new Histogram(86_400_000_000_000L, 3);
      h.recordValue(v);
      histograms.put(k, h);
    });
    Histogram span = new Histogram(86_400_000_000_000L, 3);
    span.recordValue(2_250_000_000L);
    histograms.put("trigger-to-healthy", span);
    Instant started = Instant.parse("2026-11-22T00:00:00Z");
    DrillRecord r = new DrillRecord(1, "id", new DrillRecord.ScenarioRef("s", null, "00", List.of(), "rollout-undo",
            "noop", null),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        started, started.plusMillis(3_750), 1, phases, 2_250_000_000L, 30_000_000_000L,
        DrillRecord.Verdict.PASSED, "ok", null, null, null, null);
    Path json = new DrillHistory(dir).append(r, histograms);

    DrillRecord back = new DrillHistory(dir).readAll().records().get(0);
    Map<String, double[]> seen = new LinkedHashMap<>();
    Map<String, Long> values = new LinkedHashMap<>();
    try (var in = java.nio.file.Files.newInputStream(json.resolveSibling(back.histogramLog()))) {
      org.HdrHistogram.HistogramLogReader reader = new org.HdrHistogram.HistogramLogReader(in);
      org.HdrHistogram.EncodableHistogram e;
      while ((e = reader.nextIntervalHistogram()) != null) {
        Histogram h = (Histogram) e;
        seen.put(h.getTag(), new double[] {h.getStartTimeStamp() - started.toEpochMilli(),
            h.getEndTimeStamp() - started.toEpochMilli()});
        values.put(h.getTag(), h.getMaxValue());
      }
    }
    assertThat(seen.keySet()).containsExactly("preflight", "deploy", "trigger", "healthy", "trigger-to-healthy");
    assertThat(seen.get("preflight")).containsExactly(0, 1000);
    assertThat(seen.get("deploy")).containsExactly(1000, 1500);
    assertThat(seen.get("trigger")).containsExactly(1500, 1750);
    assertThat(seen.get("healthy")).containsExactly(1750, 3750);
    assertThat(seen.get("trigger-to-healthy")).containsExactly(1500, 3750);
    assertThat(values.get("healthy")).isEqualTo(histograms.get("healthy").highestEquivalentValue(2_000_000_000L));
  }
}
