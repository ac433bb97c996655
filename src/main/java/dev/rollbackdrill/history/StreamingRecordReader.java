package dev.rollbackdrill.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rollbackdrill.history.DrillRecord.ClusterRef;
import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.history.DrillRecord.ScenarioRef;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a drill record straight from JSON tokens: the fast path for reading a whole history, where
 * object mapping (reflection, creator buffers, coercion rules) costs several times the parsing
 * itself on a freshly started JVM. It accepts only the plain shapes the history writer produces
 * (strings as strings, whole numbers where a whole number belongs, each field once) and answers
 * {@code null} for anything else, malformed JSON included, so that the caller falls back to the
 * object mapper and gets exactly its result or its error message. A test checks that both read
 * the same records from generated, real and mutated documents.
 */
final class StreamingRecordReader {

  private static final JsonFactory JSON = new JsonFactory();

  /** Texts that repeat from record to record, kept once: a history holds thousands of copies. */
  private final Map<String, String> shared;

  /** A reader for one pass over a history; it may be used from several threads at once. */
  StreamingRecordReader() {
    this.shared = new ConcurrentHashMap<>();
  }

  /** Thrown inside the reader when the document leaves the plain shapes; never escapes. */
  private static final class NotPlain extends Exception {
    private static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super(null, null, false, false);
    }
  }

  /** The record in {@code json}, or {@code null} when the object mapper must decide. */
  static DrillRecord read(byte[] json) {
    return new StreamingRecordReader().parse(json);
  }

  /** The record in {@code json}, or {@code null} when the object mapper must decide. */
  DrillRecord parse(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      return record(p);
    } catch (NotPlain | IOException | RuntimeException e) {
      return null;
    }
  }

  private DrillRecord record(JsonParser p) throws IOException, NotPlain {
    int formatVersion = 0;
    String id = null;
    ScenarioRef scenario = null;
    ClusterRef cluster = null;
    String namespace = null;
    String deployment = null;
    RevisionRef knownGood = null;
    RevisionRef candidate = null;
    RevisionRef restored = null;
    String executedBy = null;
    Instant startedAt = null;
    Instant endedAt = null;
    int iteration = 0;
    Map<String, Long> phaseNanos = null;
    Long triggerToHealthyNanos = null;
    long sloNanos = 0;
    Verdict verdict = null;
    String reason = null;
    String histogramLog = null;
    String procedureOutput = null;
    Impact impact = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "formatVersion" -> formatVersion = intValue(p);
        case "id" -> id = text(p);
        case "scenario" -> scenario = p.currentToken() == JsonToken.VALUE_NULL ? null : scenario(p);
        case "cluster" -> cluster = p.currentToken() == JsonToken.VALUE_NULL ? null : cluster(p);
        case "namespace" -> namespace = sharedText(p);
        case "deployment" -> deployment = sharedText(p);
        case "knownGood" -> knownGood = revision(p);
        case "candidate" -> candidate = revision(p);
        case "restored" -> restored = revision(p);
        case "executedBy" -> executedBy = sharedText(p);
        case "startedAt" -> startedAt = instant(p);
        case "endedAt" -> endedAt = instant(p);
        case "iteration" -> iteration = intValue(p);
        case "phaseNanos" -> phaseNanos = longMap(p);
        case "triggerToHealthyNanos" -> triggerToHealthyNanos = nullableLong(p);
        case "sloNanos" -> sloNanos = longValue(p);
        case "verdict" -> verdict = verdict(p);
        case "reason" -> reason = sharedText(p);
        case "histogramLog" -> histogramLog = text(p);
        case "procedureOutput" -> procedureOutput = text(p);
        case "impact" -> impact = impact(p);
        default -> p.skipChildren();
      }
    }
    return new DrillRecord(
        formatVersion, id, scenario, cluster, namespace, deployment, knownGood, candidate,
        restored, executedBy, startedAt, endedAt, iteration, phaseNanos, triggerToHealthyNanos,
        sloNanos, verdict, reason, histogramLog, procedureOutput, impact);
  }

  private ScenarioRef scenario(JsonParser p) throws IOException, NotPlain {
    expect(p, JsonToken.START_OBJECT);
    String name = null;
    String file = null;
    String sha256 = null;
    List<String> tags = null;
    String procedure = null;
    String change = null;
    String fault = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "name" -> name = sharedText(p);
        case "file" -> file = sharedText(p);
        case "sha256" -> sha256 = sharedText(p);
        case "tags" -> tags = textList(p);
        case "procedure" -> procedure = sharedText(p);
        case "change" -> change = sharedText(p);
        case "fault" -> fault = sharedText(p);
        default -> p.skipChildren();
      }
    }
    return new ScenarioRef(name, file, sha256, tags, procedure, change, fault);
  }

  private ClusterRef cluster(JsonParser p) throws IOException, NotPlain {
    expect(p, JsonToken.START_OBJECT);
    String provider = null;
    String name = null;
    String serverVersion = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "provider" -> provider = sharedText(p);
        case "name" -> name = sharedText(p);
        case "serverVersion" -> serverVersion = sharedText(p);
        default -> p.skipChildren();
      }
    }
    return new ClusterRef(provider, name, serverVersion);
  }

  private RevisionRef revision(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_OBJECT);
    long revision = 0;
    String image = null;
    String changeCause = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "revision" -> revision = longValue(p);
        case "image" -> image = sharedText(p);
        case "changeCause" -> changeCause = sharedText(p);
        default -> p.skipChildren();
      }
    }
    return new RevisionRef(revision, image, changeCause);
  }

  private Impact impact(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_OBJECT);
    String target = null;
    double rate = 0;
    LoadStats total = null;
    Map<String, LoadStats> phases = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "target" -> target = sharedText(p);
        case "ratePerSecond" -> rate = doubleValue(p);
        case "total" -> total = loadStats(p);
        case "phases" -> {
          if (p.currentToken() == JsonToken.VALUE_NULL) {
            phases = null;
          } else {
            expect(p, JsonToken.START_OBJECT);
            phases = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
              String phase = p.currentName();
              p.nextToken();
              if (phases.containsKey(phase)) {
                throw NotPlain.INSTANCE;
              }
              phases.put(phase, loadStats(p));
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    return new Impact(target, rate, total, phases);
  }

  private LoadStats loadStats(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_OBJECT);
    long requests = 0;
    long failed = 0;
    double errorRate = 0;
    Long p50 = null;
    Long p99 = null;
    Long firstFailed = null;
    Long lastFailed = null;
    Long window = null;
    Set<String> seen = new HashSet<>();
    for (String field = nextField(p, seen); field != null; field = nextField(p, seen)) {
      switch (field) {
        case "requests" -> requests = longValue(p);
        case "failed" -> failed = longValue(p);
        case "errorRate" -> errorRate = doubleValue(p);
        case "p50Nanos" -> p50 = nullableLong(p);
        case "p99Nanos" -> p99 = nullableLong(p);
        case "firstFailedAtNanos" -> firstFailed = nullableLong(p);
        case "lastFailedAtNanos" -> lastFailed = nullableLong(p);
        case "impactWindowNanos" -> window = nullableLong(p);
        default -> p.skipChildren();
      }
    }
    return new LoadStats(
        requests, failed, errorRate, p50, p99, firstFailed, lastFailed, window);
  }

  // ---- values ------------------------------------------------------------------------------

  /**
   * Advances to the next field of the current object and onto its value; {@code null} at the
   * object's end. A field seen twice is not plain (the mapper decides which one counts).
   */
  private static String nextField(JsonParser p, Set<String> seen) throws IOException, NotPlain {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return null;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw NotPlain.INSTANCE;
    }
    String name = p.currentName();
    if (!seen.add(name)) {
      throw NotPlain.INSTANCE;
    }
    if (p.nextToken() == null) {
      throw NotPlain.INSTANCE;
    }
    return name;
  }

  private static void expect(JsonParser p, JsonToken token) throws NotPlain {
    if (p.currentToken() != token) {
      throw NotPlain.INSTANCE;
    }
  }

  private String text(JsonParser p) throws IOException, NotPlain {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getText();
      case VALUE_NULL -> null;
      default -> throw NotPlain.INSTANCE;
    };
  }

  /** Like {@link #text}, for a value that repeats across records (names, images, reasons). */
  private String sharedText(JsonParser p) throws IOException, NotPlain {
    String s = text(p);
    if (s == null || s.length() > 512) {
      return s;
    }
    String before = shared.putIfAbsent(s, s);
    return before == null ? s : before;
  }

  private List<String> textList(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_ARRAY);
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      out.add(sharedText(p));
    }
    return out;
  }

  private static int intValue(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() != JsonParser.NumberType.INT) {
      throw NotPlain.INSTANCE;
    }
    return p.getIntValue();
  }

  private static long longValue(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw NotPlain.INSTANCE;
    }
    return p.getLongValue();
  }

  private static Long nullableLong(JsonParser p) throws IOException, NotPlain {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : longValue(p);
  }

  private static double doubleValue(JsonParser p) throws IOException, NotPlain {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
        || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    throw NotPlain.INSTANCE;
  }

  private static Map<String, Long> longMap(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_OBJECT);
    Map<String, Long> out = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      p.nextToken();
      if (out.containsKey(key)) {
        throw NotPlain.INSTANCE;
      }
      out.put(key, nullableLong(p));
    }
    return out;
  }

  private static Instant instant(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw NotPlain.INSTANCE;
    }
    String text = p.getText();
    try {
      Instant plain = plainInstant(text);
      return plain != null ? plain : Instant.parse(text);
    } catch (DateTimeException e) {
      throw NotPlain.INSTANCE;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the only form the history writer produces, read without
   * the general formatter (several times slower, and a record has two instants); {@code null} for
   * any other text, which {@link Instant#parse} then reads or refuses. Leap seconds (:60) are left
   * to it too. Throws {@link DateTimeException} for an impossible date, as it would.
   */
  static Instant plainInstant(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      if (s.charAt(19) != '.' || n == 21) {
        return null;
      }
      int fraction = digits(s, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    long epochSecond =
        java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3_600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** The decimal number in {@code s[from, to)}, or -1 when a character there is not a digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static Verdict verdict(JsonParser p) throws IOException, NotPlain {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      for (Verdict v : Verdict.values()) {
        if (v.name().equals(p.getText())) {
          return v;
        }
      }
    }
    throw NotPlain.INSTANCE;
  }
}
