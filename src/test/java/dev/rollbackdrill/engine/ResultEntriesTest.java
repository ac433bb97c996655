package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;

class ResultEntriesTest {

  private static ResultEntries.Entry roundTrip(ResultEntries.Entry e) {
    return ResultEntries.read(ResultEntries.write(e)).orElseThrow();
  }

  @Test
  void everyEntryReadsBackAsWritten() {
    List<ResultEntries.Entry> entries = List.of(
        new ResultEntries.Phase("detect", 1_500_000_000L, "3 of 3 pods crash-looping"),
        new ResultEntries.Phase("deploy", 0, null),
        new ResultEntries.Note("[cluster] context staging answers: Kubernetes v1.31.0"),
        new ResultEntries.Note(""),
        new ResultEntries.Recorded(Path.of("drills/2026/12/x.json"), Verdict.PASSED, "ok", 4_000_000_000L, 30_000_000_000L,
            120L, 3L),
        new ResultEntries.Recorded(null, Verdict.REFUSED, null, null, 30_000_000_000L, null, null));

    for (ResultEntries.Entry e : entries) {
      assertThat(roundTrip(e)).as(e.toString()).isEqualTo(e);
    }
  }

  @Test
  void theKeysAreThoseListenersSeeAndAbsentValuesTravelAsADash() {
    assertThat(ResultEntries.write(new ResultEntries.Phase("detect", 42, null)).getKeyValuePairs())
        .containsExactly(Map.entry("phase", "detect"), Map.entry("nanos", "42"), Map.entry("detail", "-"));
    assertThat(ResultEntries.write(new ResultEntries.Note(" ")).getKeyValuePairs()).containsExactly(Map.entry("note", "-"));
    assertThat(ResultEntries.write(new ResultEntries.Recorded(null, Verdict.SLO_MISSED, "", null, 15, 40L, null))
        .getKeyValuePairs())
        .containsExactly(Map.entry("record", "-"), Map.entry("verdict", "SLO_MISSED"), Map.entry("reason", "-"),
            Map.entry("triggerToHealthyNanos", "-"), Map.entry("sloNanos", "15"), Map.entry("requests", "40"),
            Map.entry("failedRequests", "-"));
    // An entry written before the counts were carried reads with none.
    assertThat(ResultEntries.read(ReportEntry.from(Map.of("record", "-", "verdict", "PASSED", "sloNanos", "1"))))
        .contains(new ResultEntries.Recorded(null, Verdict.PASSED, null, null, 1, null, null));
  }

  @Test
  void aRecordEntryCarriesTheResultsFileVerdictReasonAndFigures() {
    DrillRecord record = new DrillRecord(1, "id", new DrillRecord.ScenarioRef("paused", null, "00", List.of(),
            "rollout-undo", "noop", null),
        new DrillRecord.ClusterRef("local", "local", "v1.20.2"), "ns", "demo", null, null, null, "me",
        Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:00:01Z"), 1, Map.of(), 2_000L,
        30_000_000_000L, Verdict.FAILED, "verify: 1 of 3 probes failed", null, null, null, null);
    DrillResult written = new DrillResult(record, Map.of(), null, Map.of(), null, Path.of("drills/x.json"), null);

    assertThat(ResultEntries.Recorded.of(written)).isEqualTo(new ResultEntries.Recorded(Path.of("drills/x.json"),
        Verdict.FAILED, "verify: 1 of 3 probes failed", 2_000L, 30_000_000_000L, null, null));
  }

  @Test
  void anotherEnginesEntryIsNotOursAndABrokenOneOfOursIsAnError() {
    assertThat(ResultEntries.read(ReportEntry.from("stdout", "hello"))).isEmpty();
    assertThatThrownBy(() -> ResultEntries.read(ReportEntry.from(Map.of("phase", "detect", "nanos", "soon"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a rollback-drill result entry");
    assertThatThrownBy(() -> ResultEntries.read(ReportEntry.from(Map.of("record", "-", "verdict", "MAYBE", "sloNanos", "1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MAYBE");
    assertThatThrownBy(() -> ResultEntries.read(ReportEntry.from(Map.of("record", "-", "verdict", "PASSED"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sloNanos");
  }
}
