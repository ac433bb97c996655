package dev.rollbackdrill.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rollbackdrill.history.DrillRecord.ClusterRef;
import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.ScenarioRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.report.HistoryGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a history: every record reads back exactly as it was written, records written by earlier
 * builds still read, documents in the mapper's looser shapes read its way, and nested folders are
 * walked.
 */
class DrillHistoryReadTest {

  private static final ObjectMapper MAPPER = DrillHistory.mapper();
  private static final ObjectReader MAPPED = MAPPER.readerFor(DrillRecord.class);

  @TempDir Path dir;

  @Test
  void readsRandomRecordsBackExactlyAsWritten() throws Exception {
    Random random = new Random(7);
    ObjectMapper compact = DrillHistory.mapper().disable(SerializationFeature.INDENT_OUTPUT);
    for (int i = 0; i < 2_000; i++) {
      DrillRecord r = randomRecord(random);
      for (byte[] json : List.of(MAPPER.writeValueAsBytes(r), compact.writeValueAsBytes(r))) {
        assertThat((DrillRecord) MAPPED.readValue(json)).as("document %d", i).isEqualTo(r);
      }
    }
  }

  @Test
  void readsGeneratedHistoriesAndRealDrillRecords() throws Exception {
    List<DrillRecord> generated =
        new HistoryGenerator(3).generate(1, 6, 4, Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(generated).hasSizeGreaterThan(250);
    HistoryGenerator.write(generated, dir);
    DrillHistory.Loaded loaded = new DrillHistory(dir).readAll();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.records()).hasSameSizeAs(generated);
    for (DrillRecord r : loaded.records()) {
      // The history sets the log's file name; everything else is as generated.
      assertThat(generated).contains(DrillHistory.withHistogramLog(r, null));
    }

    Path realDir =
        Path.of(getClass().getResource("/dev/rollbackdrill/report/real-drills").toURI());
    List<Path> documents;
    try (Stream<Path> walk = Files.walk(realDir)) {
      documents = walk.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertThat(documents).hasSizeGreaterThanOrEqualTo(10);
    DrillHistory.Loaded real = new DrillHistory(realDir).readAll();
    assertThat(real.warnings()).isEmpty();
    assertThat(real.records()).hasSameSizeAs(documents)
        .allSatisfy(r -> assertThat(r.scenario().name()).isNotBlank());
  }

  @Test
  void readsLooserShapesTheMappersWayAndNamesWhatItCannotRead() throws Exception {
    String plain = new String(MAPPER.writeValueAsBytes(fullRecord()), StandardCharsets.UTF_8);
    Path month = Files.createDirectories(dir.resolve("2026/11"));
    // A number written as a string is coerced, as the mapper always did.
    Files.writeString(month.resolve("a.json"),
        plain.replace("\"formatVersion\" : 1", "\"formatVersion\" : \"1\""));
    List<String> unreadable = List.of(plain.substring(0, plain.length() / 2), "[" + plain + "]", "null", "");
    for (int i = 0; i < unreadable.size(); i++) {
      Files.writeString(month.resolve("bad-" + i + ".json"), unreadable.get(i));
    }

    DrillHistory.Loaded loaded = new DrillHistory(dir).readAll();

    assertThat(loaded.records()).containsExactly(fullRecord());
    assertThat(loaded.warnings()).hasSize(unreadable.size())
        .allSatisfy(w -> assertThat(w).contains("bad-").contains("unreadable record").endsWith("; skipped"));
  }

  @Test
  void readAllFindsDocumentsInNestedFoldersAndSkipsOtherFiles() throws Exception {
    Path a = Files.createDirectories(dir.resolve("2026/10"));
    Path b = Files.createDirectories(dir.resolve("runner-b/2026/11"));
    DrillRecord one = fullRecord();
    DrillRecord two = DrillHistory.withHistogramLog(fullRecord(), "two.hlog");
    Files.write(a.resolve("one.json"), MAPPER.writeValueAsBytes(one));
    Files.writeString(a.resolve("one.hlog"), "#not a record\n");
    Files.write(b.resolve("two.json"), MAPPER.writeValueAsBytes(two));
    Files.writeString(dir.resolve("README.md"), "history\n");
    Files.createDirectories(dir.resolve("odd.json"));

    DrillHistory.Loaded loaded = new DrillHistory(dir).readAll();

    assertThat(loaded.records()).containsExactly(one, two);
    assertThat(loaded.warnings()).singleElement().asString()
        .contains("odd.json").contains("unreadable record");
  }

  // ---- documents -----------------------------------------------------------------------------

  /** A record with every field set, as a drill with load and a runbook writes it. */
  private static DrillRecord fullRecord() {
    Map<String, Long> phases = new LinkedHashMap<>();
    for (String phase : DrillRecord.PHASES) {
      phases.put(phase, 1_000_000L * (phase.length() + 1));
    }
    Map<String, LoadStats> loadPhases = new LinkedHashMap<>();
    loadPhases.put("detect", new LoadStats(40, 10, 0.25, 2_000_000L, 9_000_000L, 5L, 7L, 2L));
    loadPhases.put("healthy", new LoadStats(60, 0, 0.0, 1_000_000L, 3_000_000L, null, null, null));
    return new DrillRecord(
        1,
        "20261102T100000Z-pricing-http500-i2-0a1b",
        new ScenarioRef("pricing-http500", "scenarios/pricing-http500.yaml", "ab12",
            List.of("undo", "smoke"), "rollout-undo", "broken", "http500"),
        new ClusterRef("local", "local", "v1.20.2"),
        "shop",
        "pricing",
        new RevisionRef(4, "rollback-drill/demo:v1", "v1: initial release"),
        new RevisionRef(5, "rollback-drill/demo:v1", "drill: http500"),
        new RevisionRef(6, "rollback-drill/demo:v1", "v1: initial release"),
        "chen.wei",
        Instant.parse("2026-11-02T10:00:00Z"),
        Instant.parse("2026-11-02T10:01:02.123456789Z"),
        2,
        phases,
        3_400_000_000L,
        30_000_000_000L,
        Verdict.PASSED,
        null,
        "x.hlog",
        "deployment.apps/pricing rolled back\n",
        new Impact("services/pricing:8080/proxy/", 20.0,
            new LoadStats(100, 10, 0.1, 1_500_000L, 8_000_000L, 5L, 7L, 2L), loadPhases), null);
  }

  private static DrillRecord randomRecord(Random r) {
    Map<String, Long> phases = null;
    if (r.nextInt(5) > 0) {
      phases = new LinkedHashMap<>();
      for (String phase : DrillRecord.PHASES) {
        if (r.nextBoolean()) {
          phases.put(phase, r.nextInt(10) == 0 ? null : r.nextLong() >>> r.nextInt(64));
        }
      }
    }
    Impact impact = null;
    if (r.nextBoolean()) {
      Map<String, LoadStats> loadPhases = r.nextInt(4) == 0 ? null : new LinkedHashMap<>();
      if (loadPhases != null) {
        for (String phase : DrillRecord.PHASES) {
          if (r.nextBoolean()) {
            loadPhases.put(phase, r.nextInt(8) == 0 ? null : loadStats(r));
          }
        }
      }
      impact = new Impact(text(r), r.nextInt(3) == 0 ? r.nextInt(100) : r.nextDouble() * 100,
          r.nextInt(6) == 0 ? null : loadStats(r), loadPhases);
    }
    List<String> tags = null;
    if (r.nextInt(4) > 0) {
      tags = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        tags.add(text(r));
      }
    }
    return new DrillRecord(
        r.nextInt(3) == 0 ? r.nextInt() : 1,
        text(r),
        r.nextInt(10) == 0 ? null
            : new ScenarioRef(text(r), text(r), text(r), tags, text(r), text(r), text(r)),
        r.nextInt(10) == 0 ? null : new ClusterRef(text(r), text(r), text(r)),
        text(r),
        text(r),
        revision(r),
        revision(r),
        revision(r),
        text(r),
        r.nextInt(10) == 0 ? null : instant(r),
        r.nextInt(10) == 0 ? null : instant(r),
        r.nextInt(),
        phases,
        r.nextInt(4) == 0 ? null : r.nextLong(),
        r.nextLong(),
        r.nextInt(6) == 0 ? null : Verdict.values()[r.nextInt(Verdict.values().length)],
        text(r),
        text(r),
        text(r),
        impact, null);
  }

  private static LoadStats loadStats(Random r) {
    return new LoadStats(r.nextInt(100_000), r.nextInt(1_000), r.nextDouble(),
        nullableLong(r), nullableLong(r), nullableLong(r), nullableLong(r), nullableLong(r));
  }

  private static Long nullableLong(Random r) {
    return r.nextInt(3) == 0 ? null : r.nextLong() >>> r.nextInt(64);
  }

  private static RevisionRef revision(Random r) {
    return r.nextInt(5) == 0 ? null : new RevisionRef(r.nextLong(), text(r), text(r));
  }

  private static Instant instant(Random r) {
    return Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000_000));
  }

  private static final String ALPHABET = "abcXYZ019 -_./:\"\\\n\té€😀{}[],";

  private static String text(Random r) {
    if (r.nextInt(6) == 0) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    for (int i = r.nextInt(12); i > 0; i--) {
      s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
          r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return s.toString();
  }
}
