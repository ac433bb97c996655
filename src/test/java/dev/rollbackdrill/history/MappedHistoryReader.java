package dev.rollbackdrill.history;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * For the reader comparison (issue 13) only: {@link DrillHistory#readAll} as it would be without
 * the streaming reader, every document read by one cached object reader. Same file walk, same
 * parallelism, same checks and warnings; only the parsing differs.
 */
public final class MappedHistoryReader {

  private static final ObjectReader READER = DrillHistory.mapper().readerFor(DrillRecord.class);

  private MappedHistoryReader() {}

  /** Every readable record under {@code root}, plus a warning for each document skipped. */
  public static DrillHistory.Loaded readAll(Path root) throws IOException {
    List<DrillRecord> records = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return new DrillHistory.Loaded(records, warnings);
    }
    List<Path> files = new ArrayList<>();
    collect(root, files);
    files.sort(null);
    Object[] results = new Object[files.size()];
    IntStream.range(0, files.size()).parallel().forEach(i -> {
      Path f = files.get(i);
      try {
        DrillRecord r = READER.readValue(Files.readAllBytes(f));
        if (r.formatVersion() != DrillRecord.FORMAT_VERSION) {
          results[i] = f + ": unknown format version " + r.formatVersion() + "; skipped";
        } else if (r.scenario() == null || r.startedAt() == null || r.verdict() == null) {
          results[i] = f + ": partial record (scenario, startedAt or verdict missing); skipped";
        } else if (r.scenario().name() == null || r.scenario().name().isBlank()) {
          results[i] = f + ": partial record (scenario.name missing); skipped";
        } else {
          results[i] = r;
        }
      } catch (IOException | RuntimeException e) {
        results[i] = f + ": unreadable record (" + e.getMessage() + "); skipped";
      }
    });
    for (Object o : results) {
      if (o instanceof DrillRecord r) {
        records.add(r);
      } else {
        warnings.add((String) o);
      }
    }
    return new DrillHistory.Loaded(records, warnings);
  }

  private static void collect(Path dir, List<Path> out) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.endsWith(".json")) {
          out.add(p);
        } else if (!name.endsWith(".hlog") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          collect(p, out);
        }
      }
    }
  }
}
