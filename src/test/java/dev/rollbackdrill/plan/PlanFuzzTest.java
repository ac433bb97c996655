package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.scenario.Problem;
import dev.rollbackdrill.testing.YamlMutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of plan files, fed to {@link PlanLoader#load}, in the spirit of the
 * scenario fuzz test: every input is a valid plan or is rejected with problems that each name a
 * file (the plan, or a scenario it names), a line that exists and a message. No other exception,
 * no stack trace, no problem without a place. The seed is fixed; a failing input is printed.
 */
class PlanFuzzTest {

  private static final long SEED = 20261201L;
  private static final int INPUTS = 2000;

  private static final List<String> KEYS = List.of(
      "scenarios", "timezone", "staleAfter", "drills", "scenario", "schedule", "rotation", "start", "roster",
      "overrides", "stale", "staleafter", "drill", "Schedule", "roaster", "<<", "?", "");

  private static final List<String> TOKENS = List.of(
      "", "~", "null", "true", "no", "0", "-1", "1e309", "99999999999999999999999", "[]", "{}", "[a, b, [c]]",
      "\"unterminated", "'", "|", ">-", "&anchor", "*anchor", "*undefined", "!!binary aGVsbG8=", "!custom x",
      "<<: *anchor", "- item", "---", "...", "\t", "日本語", "\u202Eevil", "\u0000", "\u0007", "\uFEFF",
      // plan values and near misses
      "\"0 6 1 * *\"", "\"* * * * *\"", "\"0 6 31 2 *\"", "\"0 6 1 */3 *\"", "\"61 6 1 * *\"", "\"0 6 1 * * *\"",
      "\"@monthly\"", "\"0 6 L * *\"", "\"0-59/0 * * * *\"", "\"0 6 1 JAN-DEC MON\"", "35d", "5w", "36h", "0d", "-1d",
      "99999d", "35", "35 d", "P35D", "UTC", "Europe/Berlin", "Mars/Olympus", "+01:00", "2026-12", "2026-13",
      "2026-1", "1999-12", "[alice, bob]", "[]", "[alice, alice]", "{2027-01: dave}", "{2027-13: dave}",
      "noop-undo", "no-such-scenario", "scenarios", "/etc", "../..", "alice");

  private static final YamlMutation.Vocabulary VOCABULARY = new YamlMutation.Vocabulary(KEYS, TOKENS);

  @TempDir Path dir;

  @BeforeEach
  void scenarios() throws IOException {
    Files.createDirectories(dir.resolve("scenarios"));
    for (String name : List.of("noop-undo", "runbook-command", "unready-undo", "crashloop-undo-to-revision")) {
      Files.copy(Path.of("scenarios", name + ".yaml"), dir.resolve("scenarios/" + name + ".yaml"));
    }
  }

  private static List<String> seeds() throws IOException {
    return List.of(
        Files.readString(PlanLoader.DEFAULT_FILE),
        """
        scenarios: scenarios
        timezone: Europe/Berlin
        staleAfter: 5w
        drills:
          - scenario: noop-undo
            schedule: "30 6 * * 1"
            staleAfter: 8d
          - {scenario: runbook-command, schedule: "0 6 1 */3 *", staleAfter: 100d}
        rotation:
          start: 2027-01
          roster: [alice, bob]
          overrides: {2027-02: carol, 2027-03: dave}
        """);
  }

  @Test
  void randomMutationsOfPlansAreLoadedOrRejectedWithFileLineAndMessage() throws IOException {
    List<String> seeds = seeds();
    for (String s : seeds) {
      Path p = dir.resolve("seed.yaml");
      Files.writeString(p, s);
      assertThat(load(p)).as("the seeds are valid plans").isEmpty();
    }
    Random random = new Random(SEED);
    Map<String, Integer> byOperator = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    int problems = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = seeds.get(random.nextInt(seeds.size()));
      List<String> applied = new ArrayList<>();
      for (int m = 1 + random.nextInt(4); m > 0; m--) {
        YamlMutation op = YamlMutation.values()[random.nextInt(YamlMutation.values().length)];
        text = op.apply(text, random, VOCABULARY);
        applied.add(op.name());
        byOperator.merge(op.name(), 1, Integer::sum);
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(50) == 0) {
        bytes = YamlMutation.withInvalidUtf8(bytes, random);
        applied.add("INVALID_UTF8");
      }
      Path file = dir.resolve("plan-" + i + ".yaml");
      Files.write(file, bytes);
      int lines = YamlMutation.lineBreaks(new String(bytes, StandardCharsets.UTF_8)) + 1;
      try {
        List<Problem> found = load(file);
        if (found.isEmpty()) {
          accepted++;
        } else {
          rejected++;
          problems += found.size();
          for (Problem p : found) {
            String why = problemWithout(p, file, lines);
            if (why != null) {
              failures.add("input #" + i + " " + applied + ": " + why + " [" + p + "]\n---\n" + text + "\n---");
            }
          }
        }
      } catch (Throwable t) {
        failures.add("input #" + i + " " + applied + ": threw " + t + "\n---\n" + text + "\n---");
      }
      Files.delete(file);
    }
    System.out.printf("PlanFuzzTest: %d inputs tried (seed %d): %d loaded, %d rejected with %d problems; "
        + "mutations applied: %s%n", INPUTS, SEED, accepted, rejected, problems, byOperator);
    assertThat(failures).as(failures.size() + " inputs broke the loader's contract").isEmpty();
    assertThat(accepted + rejected).isEqualTo(INPUTS);
    assertThat(rejected).isGreaterThan(INPUTS / 2);
  }

  /** The plan's problems, empty when it loaded; a PlanException without problems is a failure too. */
  private List<Problem> load(Path file) {
    try {
      PlanLoader.load(file, dir);
      return List.of();
    } catch (PlanException e) {
      if (e.problems().isEmpty()) {
        throw new AssertionError("PlanException without problems: " + e.getMessage());
      }
      return e.problems();
    }
  }

  /** Why {@code p} breaks the contract (names no file of ours, no line that exists, no message), or null. */
  private String problemWithout(Problem p, Path plan, int planLines) throws IOException {
    if (p.file() == null) {
      return "problem names no file";
    }
    Path named = Path.of(p.file());
    int lines;
    if (named.equals(plan)) {
      lines = planLines;
    } else if (named.normalize().startsWith(dir.resolve("scenarios")) && Files.isRegularFile(named)) {
      lines = YamlMutation.lineBreaks(Files.readString(named)) + 1;
    } else {
      return "problem names file " + p.file() + ", neither the plan nor one of its scenarios";
    }
    if (p.line() < 1) {
      return "problem line " + p.line() + " < 1";
    }
    if (p.line() > lines) {
      return "problem line " + p.line() + " beyond the file's " + lines + " lines";
    }
    if (p.message() == null || p.message().isBlank()) {
      return "problem without a message";
    }
    if (p.message().contains("Exception") || p.message().contains("\tat ")) {
      return "message shows an exception: " + p.message();
    }
    return null;
  }
}
