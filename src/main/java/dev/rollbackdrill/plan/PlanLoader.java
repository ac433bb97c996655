package dev.rollbackdrill.plan;

import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.yaml.Problem;
import dev.rollbackdrill.yaml.YamlFiles;
import dev.rollbackdrill.yaml.YamlReader;
import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads and validates a plan file the way scenario files are read, with the same {@link YamlFiles}
 * limits and the same {@link YamlReader}: composed into SnakeYAML nodes only (so every value keeps
 * its line and nothing can pick a Java class), bounded in size, and every problem collected with
 * {@code file:line field: message} before one {@link PlanException} is thrown. Each planned
 * scenario must be the {@code name} of a valid scenario file in the plan's scenarios folder; each
 * schedule must fire, and not less often than its staleness period allows.
 */
public final class PlanLoader {

  /** Where {@code drill plan} looks when no file is named. */
  public static final Path DEFAULT_FILE = Path.of("drills", "plan.yaml");

  static final int MAX_BYTES = 256 * 1024;

  private static final YamlFiles.Kind KIND =
      new YamlFiles.Kind("plan", MAX_BYTES, "256 KiB", "a plan with drills", "a plan is one");

  private static final Map<String, List<String>> KNOWN_KEYS = Map.of(
      "", List.of("scenarios", "timezone", "staleAfter", "drills", "rotation"),
      "drills[]", List.of("scenario", "schedule", "staleAfter"),
      "rotation", List.of("start", "roster", "overrides"));
  private static final Pattern PERIOD = Pattern.compile("(\\d{1,5})([wdh])");
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final String REQUIRED = YamlReader.REQUIRED;

  /** Schedules are measured over these years, so validation does not depend on today's date. */
  private static final ZonedDateTime GAP_FROM = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final int GAP_YEARS = 4;

  private final String file;
  private final Path baseDir;
  private final List<Problem> problems = new ArrayList<>();
  private final YamlReader yaml;

  private PlanLoader(String file, Path baseDir) {
    this.file = file;
    this.baseDir = baseDir;
    this.yaml = new YamlReader(file, problems, KNOWN_KEYS);
  }

  /** The plan in {@code file}; its scenarios folder is relative to the working directory. */
  public static Plan load(Path file) throws PlanException {
    return load(file, Path.of(""));
  }

  /** The plan in {@code file}; a relative scenarios folder is resolved against {@code baseDir}. */
  public static Plan load(Path file, Path baseDir) throws PlanException {
    PlanLoader loader = new PlanLoader(file.toString(), baseDir);
    Plan plan = loader.read(file);
    if (!loader.problems.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(loader.problems);
      sorted.sort(Comparator.comparing((Problem p) -> !p.file().equals(loader.file))
          .thenComparing(Problem::file).thenComparingInt(Problem::line));
      throw new PlanException(sorted);
    }
    return plan;
  }

  private Plan read(Path path) {
    YamlFiles.Problems sink = (line, message) -> problem(line, "", message);
    byte[] bytes = YamlFiles.read(path, KIND, sink);
    String text = bytes == null ? null : YamlFiles.decode(bytes, sink);
    MappingNode root = text == null ? null : YamlFiles.compose(text, KIND, YamlReader::describe, sink);
    return root == null ? null : plan(path, yaml.top(root));
  }

  private Plan plan(Path source, Section top) {
    Field scenariosField = top.get("scenarios", null);
    String folder = scenariosField == null ? "scenarios" : text(scenariosField);
    ZoneId zone = zone(top.get("timezone", null));
    Field defaultStaleField = top.get("staleAfter", null);
    Duration defaultStale = period(defaultStaleField);
    Rotation rotation = rotation(top.get("rotation", null));

    Map<String, Scenario> byName = folder == null ? null : scenarios(folder, scenariosField, top.line());
    List<PlannedDrill> drills = new ArrayList<>();
    Field drillsField = top.get("drills", REQUIRED);
    List<Field> items = yaml.list(drillsField, "a list of drills");
    if (items != null && items.isEmpty()) {
      problem(drillsField, "must name at least one scenario");
    } else if (items != null) {
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (Field item : items) {
        PlannedDrill d = drill(item, byName, defaultStale, defaultStaleField != null, seen);
        if (d != null) {
          drills.add(d);
        }
      }
    }
    return new Plan(source, folder == null ? null : baseDir.resolve(folder), zone == null ? ZoneOffset.UTC : zone,
        drills, rotation, defaultStale);
  }

  /** The valid scenarios in the folder by name; null after reporting problems with the folder or a file. */
  private Map<String, Scenario> scenarios(String folder, Field field, int topLine) {
    Path dir = baseDir.resolve(folder);
    if (!Files.isDirectory(dir)) {
      problem(field == null ? topLine : line(field.node()), "scenarios",
          "folder '" + folder + "' does not exist" + (field == null ? " (the default; set scenarios: to the folder of"
              + " your scenario files)" : "") + "; paths are relative to the folder drill runs in");
      return null;
    }
    List<Scenario> all;
    try {
      all = ScenarioLoader.loadAll(List.of(dir));
    } catch (ScenarioException e) {
      problems.addAll(e.problems());
      return null;
    }
    Map<String, Scenario> byName = new LinkedHashMap<>();
    for (Scenario s : all) {
      Scenario first = byName.putIfAbsent(s.name(), s);
      if (first != null) {
        problems.add(new Problem(s.source().toString(), 1, "name",
            "scenario name '" + s.name() + "' is also used by " + first.source() + "; a plan names scenarios by name"));
      }
    }
    return byName;
  }

  private PlannedDrill drill(Field f, Map<String, Scenario> byName, Duration defaultStale, boolean defaultGiven,
      Map<String, Integer> seen) {
    Section s = yaml.section(f);
    if (s == null) {
      return null;
    }
    Field nameField = s.get("scenario", REQUIRED);
    String name = text(nameField);
    Scenario scenario = null;
    if (name != null) {
      Integer firstLine = seen.putIfAbsent(name, line(nameField.node()));
      if (firstLine != null) {
        problem(nameField, "scenario '" + name + "' is already planned on line " + firstLine
            + "; give it one schedule (a cron list such as \"0 6 1,15 * *\" fires twice a month)");
      }
      scenario = byName == null ? null : byName.get(name);
      if (byName != null && scenario == null) {
        problem(nameField, "no scenario named '" + name + "' in the scenarios folder" + YamlFiles.suggestion(name,
            List.copyOf(byName.keySet())) + (byName.isEmpty() ? " (it holds none)"
            : " (known: " + String.join(", ", byName.keySet()) + ")"));
      }
    }
    Field scheduleField = s.get("schedule", REQUIRED);
    Cron cron = cron(scheduleField);
    Field staleField = s.get("staleAfter", null);
    Duration stale = staleField != null ? period(staleField) : defaultStale != null ? defaultStale
        : Plan.DEFAULT_STALE_AFTER;
    if (cron != null && stale != null) {
      longestGap(cron, scheduleField).ifPresent(gap -> {
        if (stale.compareTo(gap) < 0) {
          String whose = staleField != null ? "" : defaultGiven ? " (the plan's staleAfter)" : " (the default)";
          Field at = staleField != null ? staleField : scheduleField;
          problem(at, "staleAfter " + formatPeriod(stale) + whose + " is shorter than the longest gap between runs of '"
              + cron + "' (" + formatPeriod(gap) + "): the scenario would be flagged stale while on schedule;"
              + " set staleAfter to at least " + formatPeriod(gap));
        }
      });
    }
    if (name == null || cron == null || stale == null) {
      return null;
    }
    return new PlannedDrill(name, scenario == null ? null : scenario.source(), cron, stale,
        scenario == null ? List.of() : scenario.tags());
  }

  /** The longest time between two firings over four years; empty (after a problem) if it never fires. */
  private Optional<Duration> longestGap(Cron cron, Field f) {
    ZonedDateTime t = cron.next(GAP_FROM).orElse(null);
    if (t == null) {
      problem(f, "'" + cron + "' never fires (no such date)");
      return Optional.empty();
    }
    ZonedDateTime end = GAP_FROM.plusYears(GAP_YEARS);
    Duration longest = Duration.ZERO;
    for (int fires = 0; fires < 2000 && t.isBefore(end); fires++) {
      ZonedDateTime n = cron.next(t).orElse(null);
      if (n == null) {
        break;
      }
      Duration gap = Duration.between(t, n);
      if (gap.compareTo(longest) > 0) {
        longest = gap;
      }
      t = n;
    }
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  private Rotation rotation(Field f) {
    Section s = yaml.section(f);
    if (s == null) {
      return null;
    }
    YearMonth start = month(s.get("start", REQUIRED));
    List<String> roster = new ArrayList<>();
    boolean rosterOk = false;
    Field rosterField = s.get("roster", REQUIRED);
    List<Field> people = yaml.list(rosterField, "a list of people");
    if (people != null && people.isEmpty()) {
      problem(rosterField, "must name at least one person");
    } else if (people != null) {
      for (Field person : people) {
        String who = person(person);
        if (who != null) {
          roster.add(who);
        }
      }
      rosterOk = roster.size() == people.size();
    }
    Map<YearMonth, String> overrides = new LinkedHashMap<>();
    Section o = yaml.section(s.get("overrides", null));
    if (o != null) {
      for (Map.Entry<String, NodeTuple> e : o.entries().entrySet()) {
        Node key = e.getValue().getKeyNode();
        YearMonth m = month(Field.of(o.field(e.getKey()), key));
        String who = person(Field.of(o.field(e.getKey()), e.getValue().getValueNode()));
        if (m != null && who != null) {
          overrides.put(m, who);
        }
      }
    }
    if (start == null || !rosterOk) {
      return null;
    }
    return new Rotation(start, roster, overrides);
  }

  // Value readers of the plan's own kinds of value; the rest are the shared reader's.

  /** Text that is not blank: every text of a plan names something. */
  private String text(Field f) {
    String t = yaml.text(f);
    if (t != null && t.isBlank()) {
      problem(f, "must not be blank");
      return null;
    }
    return t;
  }

  private String person(Field f) {
    String who = text(f);
    if (who != null && (who.length() > 100 || !who.equals(who.strip()) || who.contains("\n"))) {
      problem(f, "'" + clip(who) + "' is not a name (one line, no leading or trailing spaces, at most 100 characters)");
      return null;
    }
    return who;
  }

  private ZoneId zone(Field f) {
    String z = text(f);
    if (z == null) {
      return null;
    }
    try {
      return ZoneId.of(z);
    } catch (DateTimeException e) {
      problem(f, "unknown time zone '" + clip(z) + "'; write e.g. UTC or Europe/Berlin");
      return null;
    }
  }

  private YearMonth month(Field f) {
    if (f == null) {
      return null;
    }
    // 2026-12 is text to YAML, but 2026-12-01 would be a date: accept neither as a date.
    String v = f.node() instanceof ScalarNode s ? s.getValue() : null;
    if (v != null && MONTH.matcher(v).matches()) {
      try {
        return YearMonth.parse(v);
      } catch (DateTimeException e) {
        // falls through to the problem below
      }
    }
    problem(f, "expected a month like 2026-12, got " + YamlReader.describe(f.node()));
    return null;
  }

  private Cron cron(Field f) {
    String t = text(f);
    if (t == null) {
      return null;
    }
    try {
      return Cron.parse(t);
    } catch (IllegalArgumentException e) {
      problem(f, e.getMessage());
      return null;
    }
  }

  /** A staleness period: {@code 35d}, {@code 5w}, {@code 36h} (days are what plans are about). */
  private Duration period(Field f) {
    if (f == null) {
      return null;
    }
    String v = f.node() instanceof ScalarNode s ? s.getValue() : "";
    Matcher m = PERIOD.matcher(v);
    if (!m.matches()) {
      problem(f, "expected a period such as 35d, 5w or 36h, got " + YamlReader.describe(f.node()));
      return null;
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "w" -> Duration.ofDays(7 * n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofHours(n);
    };
    if (d.isZero()) {
      problem(f, "must be greater than 0");
      return null;
    }
    return d;
  }

  /** {@code 35d}, {@code 36h}, or days and hours ({@code 92d1h}) for gaps across a DST change. */
  public static String formatPeriod(Duration d) {
    long days = d.toDays();
    long hours = d.minusDays(days).toHours();
    if (days == 0) {
      return hours + "h";
    }
    return days + "d" + (hours == 0 ? "" : hours + "h");
  }

  private void problem(Field f, String message) {
    yaml.problem(f, message);
  }

  private void problem(int line, String field, String message) {
    yaml.problem(line, field, message);
  }

  private static int line(Node node) {
    return YamlReader.line(node);
  }

  private static String clip(String s) {
    return YamlReader.clip(s);
  }
}
