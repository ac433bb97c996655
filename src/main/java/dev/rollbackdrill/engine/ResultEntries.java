package dev.rollbackdrill.engine;

import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.history.DrillRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.reporting.ReportEntry;

/**
 * The report entries the engine publishes while drills run, written and read by this one class: a
 * phase that ended, a note (what a drill or the cluster says), and the record a drill wrote with its
 * headline figures. Listeners (the console, an IDE, Surefire's report) see them as key/value pairs;
 * {@link #read(ReportEntry)} turns those back into the entry. A report entry may not hold a blank
 * value, so an absent one travels as {@value #NONE}.
 */
public final class ResultEntries {

  static final String NONE = "-";

  private static final String PHASE = "phase";
  private static final String NANOS = "nanos";
  private static final String DETAIL = "detail";
  private static final String NOTE = "note";
  private static final String RECORD = "record";
  private static final String VERDICT = "verdict";
  private static final String REASON = "reason";
  private static final String TRIGGER_TO_HEALTHY = "triggerToHealthyNanos";
  private static final String SLO = "sloNanos";
  private static final String REQUESTS = "requests";
  private static final String FAILED_REQUESTS = "failedRequests";

  private ResultEntries() {}

  /** One of the engine's entries. */
  public sealed interface Entry permits Phase, Note, Recorded {}

  /** A phase of a drill ended after {@code nanos}; {@code detail} (what was seen) may be null. */
  public record Phase(String phase, long nanos, String detail) implements Entry {}

  /** A line from a drill or from the cluster it runs on; never null, empty for a blank line. */
  public record Note(String message) implements Entry {}

  /**
   * A drill's record was written to {@code file} (null when it was not kept): its verdict, the
   * reason (null when there is none), trigger-to-healthy (null when never healthy), the SLO, and
   * the synthetic load's requests and failed requests over the whole drill (null without load).
   */
  public record Recorded(Path file, DrillRecord.Verdict verdict, String reason, Long triggerToHealthyNanos, long sloNanos,
      Long requests, Long failedRequests) implements Entry {

    /** The entry for {@code result}'s record. */
    public static Recorded of(DrillResult result) {
      DrillRecord r = result.record();
      var load = r.impact() == null ? null : r.impact().total();
      return new Recorded(result.recordFile(), r.verdict(), r.reason(), r.triggerToHealthyNanos(), r.sloNanos(),
          load == null ? null : load.requests(), load == null ? null : load.failed());
    }
  }

  /** {@code entry} as a report entry. */
  public static ReportEntry write(Entry entry) {
    Map<String, String> e = new LinkedHashMap<>();
    if (entry instanceof Phase p) {
      e.put(PHASE, p.phase());
      e.put(NANOS, Long.toString(p.nanos()));
      e.put(DETAIL, orNone(p.detail()));
    } else if (entry instanceof Note n) {
      e.put(NOTE, orNone(n.message()));
    } else if (entry instanceof Recorded r) {
      e.put(RECORD, orNone(r.file() == null ? null : r.file().toString()));
      e.put(VERDICT, r.verdict().name());
      e.put(REASON, orNone(r.reason()));
      e.put(TRIGGER_TO_HEALTHY, r.triggerToHealthyNanos() == null ? NONE : r.triggerToHealthyNanos().toString());
      e.put(SLO, Long.toString(r.sloNanos()));
      e.put(REQUESTS, r.requests() == null ? NONE : r.requests().toString());
      e.put(FAILED_REQUESTS, r.failedRequests() == null ? NONE : r.failedRequests().toString());
    }
    return ReportEntry.from(e);
  }

  /**
   * The engine's entry in {@code entry}; empty for an entry that is not one of them (another
   * engine's).
   *
   * @throws IllegalArgumentException for an entry of ours that lacks a field or has one that does not parse
   */
  public static Optional<Entry> read(ReportEntry entry) {
    Map<String, String> e = entry.getKeyValuePairs();
    try {
      if (e.containsKey(PHASE)) {
        return Optional.of(new Phase(e.get(PHASE), Long.parseLong(required(e, NANOS)), orNull(e.get(DETAIL))));
      }
      if (e.containsKey(NOTE)) {
        String note = e.get(NOTE);
        return Optional.of(new Note(note.equals(NONE) ? "" : note));
      }
      if (e.containsKey(RECORD)) {
        String file = orNull(e.get(RECORD));
        String t = orNull(e.get(TRIGGER_TO_HEALTHY));
        return Optional.of(new Recorded(file == null ? null : Path.of(file),
            DrillRecord.Verdict.valueOf(required(e, VERDICT)), orNull(e.get(REASON)),
            t == null ? null : Long.valueOf(t), Long.parseLong(required(e, SLO)),
            count(e.get(REQUESTS)), count(e.get(FAILED_REQUESTS))));
      }
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException("not a rollback-drill result entry: " + e + " (" + bad.getMessage() + ")", bad);
    }
    return Optional.empty();
  }

  /** A count that may be absent (no load, or an entry from before counts were kept). */
  private static Long count(String v) {
    return v == null || v.equals(NONE) ? null : Long.valueOf(v);
  }

  private static String required(Map<String, String> e, String key) {
    String v = e.get(key);
    if (v == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return v;
  }

  private static String orNone(String s) {
    return s == null || s.isBlank() ? NONE : s;
  }

  private static String orNull(String s) {
    return s == null || s.equals(NONE) ? null : s;
  }
}
