package dev.rollbackdrill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryGeneratorTest {

  private static final Instant END = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void generatesTheSameHistoryFromTheSameSeed() {
    assertThat(new HistoryGenerator(5).generate(1, 6, 2, END))
        .isEqualTo(new HistoryGenerator(5).generate(1, 6, 2, END))
        .isNotEqualTo(new HistoryGenerator(6).generate(1, 6, 2, END));
  }

  @Test
  void generatesExactlyYearsTimesScenariosTimesRunsBeforeTheEnd() {
    List<DrillRecord> records = new HistoryGenerator(1).generate(2, 10, 4, END);

    assertThat(records).hasSize(2 * 12 * 10 * 4);
    assertThat(records).allMatch(r -> r.startedAt().isBefore(END));
    assertThat(records).extracting(DrillRecord::startedAt).isSorted();
    assertThat(records.stream().map(r -> r.scenario().name()).distinct()).hasSize(10);
  }

  @Test
  void includesFailuresErrorsRefusalsSeveralPeopleAndTwoProcedures() {
    List<DrillRecord> records = new HistoryGenerator(1).generate(2, 50, 4, END);

    assertThat(records.stream().map(DrillRecord::verdict).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Verdict.values());
    assertThat(records)
        .filteredOn(r -> r.verdict() == Verdict.FAILED)
        .allMatch(r -> r.triggerToHealthyNanos() == null && r.reason() != null);
    assertThat(records.stream().map(DrillRecord::executedBy).distinct().count())
        .isGreaterThanOrEqualTo(4);
    assertThat(records.stream().map(r -> r.scenario().procedure()).distinct())
        .containsExactlyInAnyOrder("rollout-undo", "command");
  }

  @Test
  void writesRecordsThatTheHistoryReadsBack(@TempDir Path dir) throws IOException {
    List<DrillRecord> records = new HistoryGenerator(2).generate(1, 2, 1, END);

    HistoryGenerator.write(records, dir);
    DrillHistory.Loaded loaded = new DrillHistory(dir).readAll();

    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.records()).hasSize(records.size());
    assertThat(loaded.records()).allMatch(r -> r.histogramLog() != null);
  }
}
