package dev.rollbackdrill.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
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
 * The streaming reader is only a faster way to the object mapper's result: for every document it
 * either returns exactly the record the mapper reads, or {@code null} so that the mapper decides.
 */
class StreamingRecordReaderTest {

  private static final ObjectMapper MAPPER = DrillHistory.mapper();
  private static final ObjectReader MAPPED = MAPPER.readerFor(DrillRecord.class);

  @TempDir Path dir;

  @Test
  void readsRandomRecordsExactlyAsTheMapperDoes() throws Exception {
    Random random = new Random(7);
    ObjectMapper compact = DrillHistory.mapper().disable(SerializationFeature.INDENT_OUTPUT);
    for (int i = 0; i < 2_000; i++) {
      DrillRecord r = randomRecord(random);
      for (byte[] json : List.of(MAPPER.writeValueAsBytes(r), compact.writeValueAsBytes(r))) {
        DrillRecord fast = StreamingRecordReader.read(json);
        assertThat(fast).as("document %d", i).isNotNull().isEqualTo(r);
        assertThat((DrillRecord) MAPPED.readValue(json)).isEqualTo(fast);
      }
    }
  }

  @Test
  void readsGeneratedHistoriesAndRealDrillRecords() throws Exception {
    List<DrillRecord> generated =
        new HistoryGenerator(3).generate(2, 6, 4, Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(generated).hasSizeGreaterThan(500);
    for (DrillRecord r : generated) {
      byte[] json = MAPPER.writeValueAsBytes(r);
      assertThat(StreamingRecordReader.read(json)).isEqualTo(r);
    }

    Path real =
        Path.of(getClass().getResource("/dev/rollbackdrill/report/real-drills").toURI());
    List<Path> documents;
    try (Stream<Path> walk = Files.walk(real)) {
      documents = walk.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertThat(documents).hasSizeGreaterThanOrEqualTo(10);
    for (Path p : documents) {
      byte[] json = Files.readAllBytes(p);
      DrillRecord fast = StreamingRecordReader.read(json);
      assertThat(fast).as(p.toString()).isNotNull();
      assertThat((DrillRecord) MAPPED.readValue(json)).isEqualTo(fast);
    }
  }

  @Test
  void leavesEveryOtherShapeToTheMapper() throws Exception {
    String plain = new String(MAPPER.writeValueAsBytes(fullRecord()), StandardCharsets.UTF_8);
    // Shapes the mapper reads with its own rules (coercion, last duplicate wins, timestamps as
    // numbers) or refuses: the streaming reader declines each of them.
    List<String> declined =
        List.of(
            plain.replace("\"formatVersion\" : 1", "\"formatVersion\" : \"1\""),
            plain.replace("\"iteration\" : 2", "\"iteration\" : 2.0"),
            plain.replace("\"sloNanos\" : 30000000000", "\"sloNanos\" : null"),
            plain.replace("\"namespace\" : \"shop\"", "\"namespace\" : 5"),
            plain.replace("\"verdict\" : \"PASSED\"", "\"verdict\" : \"passed\""),
            plain.replace("\"verdict\" : \"PASSED\"", "\"verdict\" : 0"),
            plain.replace("\"startedAt\" : \"2026-11-02T10:00:00Z\"", "\"startedAt\" : 1793613600"),
            plain.replace("\"deployment\" : \"pricing\"",
                "\"deployment\" : \"pricing\", \"deployment\" : \"catalog\""),
            plain.replace("\"tags\" : [ \"undo\", \"smoke\" ]", "\"tags\" : \"undo\""),
            plain.replace("\"requests\" : 100", "\"requests\" : 99999999999999999999999"),
            plain.substring(0, plain.length() / 2),
            "[" + plain + "]",
            "null",
            "");
    for (String doc : declined) {
      assertThat(StreamingRecordReader.read(doc.getBytes(StandardCharsets.UTF_8)))
          .as(doc.length() > 80 ? doc.substring(0, 80) : doc)
          .isNull();
    }
    // And readAll still reads them the mapper's way: "1" for a number is coerced, as before.
    Path month = Files.createDirectories(dir.resolve("2026/11"));
    Files.writeString(month.resolve("a.json"), declined.get(0));
    DrillHistory.Loaded loaded = new DrillHistory(dir).readAll();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.records()).containsExactly(fullRecord());
  }

  /**
   * Seeded random edits of a complete document (characters deleted, values swapped for other
   * kinds, fields added, removed or repeated): whenever the streaming reader accepts the result,
   * the mapper reads the same record.
   */
  @Test
  void mutatedDocumentsNeverReadDifferentlyFromTheMapper() throws Exception {
    String plain = new String(MAPPER.writeValueAsBytes(fullRecord()), StandardCharsets.UTF_8);
    List<String> values =
        List.of("null", "0", "-1", "1.5", "\"\"", "\"x\"", "true", "{}", "[]", "[\"a\", null]",
            "\"2026-11-02T10:00:00Z\"", "\"PASSED\"", "9223372036854775807", "2147483648",
            "{\"requests\" : 1}", "\"\\u00e9\\n\"");
    Random random = new Random(11);
    int accepted = 0;
    int declined = 0;
    for (int i = 0; i < 10_000; i++) {
      String doc = plain;
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        doc = mutate(doc, values, random);
      }
      byte[] json = doc.getBytes(StandardCharsets.UTF_8);
      DrillRecord fast = StreamingRecordReader.read(json);
      if (fast == null) {
        declined++;
        continue;
      }
      accepted++;
      DrillRecord mapped;
      try {
        mapped = MAPPED.readValue(json);
      } catch (IOException e) {
        throw new AssertionError("the mapper refuses what the streaming reader read:\n" + doc, e);
      }
      assertThat(fast).as(doc).isEqualTo(mapped);
    }
    // Both paths were exercised, so the comparison above meant something.
    assertThat(accepted).isGreaterThan(1_000);
    assertThat(declined).isGreaterThan(1_000);
  }

  @Test
  void readsInstantsAsInstantParseDoes() {
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong() % 250_000_000_000L,
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            default -> random.nextInt(1_000_000_000);
          });
      String text = t.toString();
      Instant plain = StreamingRecordReader.plainInstant(text);
      if (text.length() >= 20 && text.charAt(4) == '-') {
        assertThat(plain).as(text).isEqualTo(Instant.parse(text)).isEqualTo(t);
      } else {
        assertThat(plain).as(text).isNull();
      }
    }
    assertThat(StreamingRecordReader.plainInstant("2026-11-02T10:00:00.5Z"))
        .isEqualTo(Instant.parse("2026-11-02T10:00:00.5Z"));
    assertThat(StreamingRecordReader.plainInstant("2024-02-29T00:00:00Z"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    for (String other : List.of("2026-11-02T10:00:00+01:00", "2026-11-02T10:00:60Z",
        "2026-11-02 10:00:00Z", "2026-11-02T10:00:00.Z", "2026-11-02T24:00:00Z",
        "2026-11-02T10:00:00.1234567890Z", "+12026-11-02T10:00:00Z", "2026-1X-02T10:00:00Z")) {
      assertThat(StreamingRecordReader.plainInstant(other)).as(other).isNull();
    }
    assertThatThrownBy(() -> StreamingRecordReader.plainInstant("2023-02-29T00:00:00Z"))
        .isInstanceOf(java.time.DateTimeException.class);
    assertThatThrownBy(() -> Instant.parse("2023-02-29T00:00:00Z"))
        .isInstanceOf(java.time.DateTimeException.class);
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

  private static String mutate(String doc, List<String> values, Random random) {
    switch (random.nextInt(5)) {
      case 0 -> {
        // Delete a character.
        int at = random.nextInt(doc.length());
        return doc.substring(0, at) + doc.substring(at + 1);
      }
      case 1 -> {
        // Replace one field's value (up to the end of its line) with another kind of value.
        int colon = nthColon(doc, random);
        int end = doc.indexOf('\n', colon);
        String tail = doc.substring(colon + 2, end);
        String comma = tail.endsWith(",") ? "," : "";
        if (tail.endsWith("{") || tail.endsWith("[")) {
          return doc; // an object or list value spans lines; case 3 covers it
        }
        return doc.substring(0, colon + 2) + values.get(random.nextInt(values.size())) + comma
            + doc.substring(end);
      }
      case 2 -> {
        // Repeat a line (often a field, sometimes a brace).
        String[] lines = doc.split("\n", -1);
        int at = random.nextInt(lines.length);
        List<String> out = new ArrayList<>(List.of(lines));
        out.add(at, lines[at]);
        return String.join("\n", out);
      }
      case 3 -> {
        // Drop a line.
        String[] lines = doc.split("\n", -1);
        List<String> out = new ArrayList<>(List.of(lines));
        out.remove(random.nextInt(lines.length));
        return String.join("\n", out);
      }
      default -> {
        // Add an unknown field with any kind of value.
        int brace = doc.indexOf('{', random.nextInt(doc.length()));
        if (brace < 0) {
          return doc;
        }
        return doc.substring(0, brace + 1) + " \"extra" + random.nextInt(3) + "\" : "
            + values.get(random.nextInt(values.size())) + ","
            + doc.substring(brace + 1);
      }
    }
  }

  private static int nthColon(String doc, Random random) {
    List<Integer> colons = new ArrayList<>();
    for (int i = doc.indexOf(" : "); i >= 0; i = doc.indexOf(" : ", i + 1)) {
      colons.add(i + 1);
    }
    return colons.get(random.nextInt(colons.size()));
  }

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
            new LoadStats(100, 10, 0.1, 1_500_000L, 8_000_000L, 5L, 7L, 2L), loadPhases));
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
        impact);
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
