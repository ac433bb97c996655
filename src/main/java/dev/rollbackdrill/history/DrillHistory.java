package dev.rollbackdrill.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The folder of recorded drill runs ({@code drills/}). Records are appended as one JSON document
 * per run under {@code YYYY/MM/}, next to the run's phase histograms in HdrHistogram's log
 * format. Nothing is ever overwritten: a name that exists already gets a new suffix. Reading
 * skips, and names, documents that are corrupt, partial or of an unknown format version.
 */
public final class DrillHistory {

  // The phase names the histogram log places in time (the drill package's names, as recorded).
  private static final String TRIGGER = "trigger";
  private static final String TRIGGER_TO_HEALTHY = dev.rollbackdrill.timing.Phase.TRIGGER_TO_HEALTHY;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MONTH_DIR =
      DateTimeFormatter.ofPattern("yyyy/MM").withZone(ZoneOffset.UTC);

  private final Path root;

  public DrillHistory(Path root) {
    this.root = root;
  }

  /** The JSON mapper for records: ISO instants, stable field order, no nulls dropped. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setSerializationInclusion(JsonInclude.Include.ALWAYS);
  }

  /** A base file name for a run, unique enough to never collide in practice. */
  public static String baseName(DrillRecord r) {
    return STAMP.format(r.startedAt()) + "-" + r.scenario().name() + "-i" + r.iteration();
  }

  /**
   * Appends a record and its phase histograms. Returns the path of the JSON document. The
   * record's {@code histogramLog} is set to the log's file name.
   */
  public Path append(DrillRecord record, Map<String, Histogram> phaseHistograms)
      throws IOException {
    Path dir = root.resolve(MONTH_DIR.format(record.startedAt()));
    Files.createDirectories(dir);
    String base = baseName(record);
    for (int attempt = 0; ; attempt++) {
      String name = attempt == 0 ? base : base + "-" + attempt;
      Path json = dir.resolve(name + ".json");
      Path hlog = dir.resolve(name + ".hlog");
      if (Files.exists(json) || Files.exists(hlog)) {
        continue;
      }
      try {
        writeHistograms(hlog, record, phaseHistograms);
        DrillRecord withLog = withHistogramLog(record, hlog.getFileName().toString());
        try (OutputStream out = Files.newOutputStream(json, StandardOpenOption.CREATE_NEW)) {
          mapper().writeValue(out, withLog);
        }
        return json;
      } catch (FileAlreadyExistsException raced) {
        // Another runner took this name between the check and the create: try the next one.
      }
    }
  }

  private static void writeHistograms(
      Path hlog, DrillRecord record, Map<String, Histogram> phaseHistograms) throws IOException {
    try (OutputStream out = Files.newOutputStream(hlog, StandardOpenOption.CREATE_NEW);
        PrintStream print = new PrintStream(out, false, "UTF-8")) {
      HistogramLogWriter writer = new HistogramLogWriter(print);
      writer.outputComment("rollback-drill " + record.id() + " phase durations in nanoseconds");
      writer.outputStartTime(record.startedAt().toEpochMilli());
      writer.setBaseTime(record.startedAt().toEpochMilli());
      writer.outputLogFormatVersion();
      writer.outputLegend();
      long start = record.startedAt().toEpochMilli();
      Map<String, long[]> spans = spans(record);
      for (Map.Entry<String, Histogram> e : phaseHistograms.entrySet()) {
        Histogram h = e.getValue().copy();
        h.setTag(e.getKey());
        // Each interval is the phase's own span of the drill, so a log reader places it in time.
        long[] span = spans.getOrDefault(e.getKey(), new long[] {0, record.endedAt().toEpochMilli() - start});
        h.setStartTimeStamp(start + span[0]);
        h.setEndTimeStamp(start + span[1]);
        writer.outputIntervalHistogram(h);
      }
    }
  }

  /**
   * Where each phase lies in the drill, in milliseconds from its start: phases run back to back in
   * the record's order; trigger-to-healthy starts with the trigger.
   */
  static Map<String, long[]> spans(DrillRecord record) {
    Map<String, long[]> spans = new HashMap<>();
    long at = 0;
    for (Map.Entry<String, Long> p : record.phaseNanos() == null ? Map.<String, Long>of().entrySet()
        : record.phaseNanos().entrySet()) {
      long end = at + p.getValue();
      spans.put(p.getKey(), new long[] {at / 1_000_000, end / 1_000_000});
      at = end;
    }
    long[] trigger = spans.get(TRIGGER);
    if (trigger != null && record.triggerToHealthyNanos() != null) {
      spans.put(TRIGGER_TO_HEALTHY, new long[] {trigger[0], trigger[0] + record.triggerToHealthyNanos() / 1_000_000});
    }
    return spans;
  }

  static DrillRecord withHistogramLog(DrillRecord r, String log) {
    return new DrillRecord(
        r.formatVersion(), r.id(), r.scenario(), r.cluster(), r.namespace(), r.deployment(),
        r.knownGood(), r.candidate(), r.restored(), r.executedBy(), r.startedAt(), r.endedAt(),
        r.iteration(), r.phaseNanos(), r.triggerToHealthyNanos(), r.sloNanos(), r.verdict(),
        r.reason(), log, r.procedureOutput(), r.impact(), r.toolVersion(), r.canary(), r.chaos());
  }

  /** Every readable record under the root, plus a warning for each document skipped. */
  public Loaded readAll() throws IOException {
    List<DrillRecord> records = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return new Loaded(records, warnings);
    }
    List<Path> files = new ArrayList<>();
    collectDocuments(root, files);
    files.sort(null);
    // Documents are parsed on every core, by one object reader; results keep the sorted file order.
    Object[] results = new Object[files.size()];
    java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
      Path f = files.get(i);
      try {
        DrillRecord r = Records.READER.readValue(Files.readAllBytes(f));
        if (r.formatVersion() != DrillRecord.FORMAT_VERSION) {
          results[i] = f + ": unknown format version " + r.formatVersion() + "; skipped";
        } else if (r.scenario() == null || r.startedAt() == null || r.verdict() == null) {
          results[i] = f + ": partial record (scenario, startedAt or verdict missing); skipped";
        } else if (r.scenario().name() == null || r.scenario().name().isBlank()) {
          // Reports group by scenario name; a record without one belongs nowhere.
          results[i] = f + ": partial record (scenario.name missing); skipped";
        } else {
          results[i] = r;
        }
      } catch (IOException | RuntimeException e) {
        results[i] = f + ": unreadable record (" + firstLine(e.getMessage()) + "); skipped";
      }
    });
    for (Object o : results) {
      if (o instanceof DrillRecord r) {
        records.add(r);
      } else {
        warnings.add((String) o);
      }
    }
    return new Loaded(records, warnings);
  }

  /**
   * Every {@code *.json} under {@code dir}, as {@link Files#walk} would find them but without
   * asking the file system about each record and histogram log: only names that are neither are
   * checked for being a directory (not following links, like {@code Files.walk}).
   */
  private static void collectDocuments(Path dir, List<Path> out) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.endsWith(".json")) {
          out.add(p);
        } else if (!name.endsWith(".hlog")
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          collectDocuments(p, out);
        }
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The reader for records, built on the first read: a drill that only appends never needs it. */
  private static final class Records {
    static final ObjectReader READER = mapper().readerFor(DrillRecord.class);
  }

  /** Records read from a history, and what was skipped. */
  public record Loaded(List<DrillRecord> records, List<String> warnings) {}
}
