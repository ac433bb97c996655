package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.YamlFuzz;
import dev.rollbackdrill.testing.YamlMutation;
import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Scenarios.copyExamples(dir, "noop-undo", "runbook-command", "unready-undo", "crashloop-undo-to-revision");
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
    YamlFuzz.Outcome o = YamlFuzz.run(dir, "plan", seeds, SEED, INPUTS, VOCABULARY, this::load, this::scenarioLines);
    System.out.println(o.summary("PlanFuzzTest", INPUTS, SEED));
    assertThat(o.failures()).as(o.failures().size() + " inputs broke the loader's contract").isEmpty();
    assertThat(o.accepted() + o.rejected()).isEqualTo(INPUTS);
    assertThat(o.rejected()).isGreaterThan(INPUTS / 2);
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

  /** A plan's problem may point into one of its scenarios: how many lines that has, or null. */
  private Integer scenarioLines(Path named) throws IOException {
    return named.normalize().startsWith(dir.resolve("scenarios")) && Files.isRegularFile(named)
        ? YamlMutation.lineBreaks(Files.readString(named)) + 1
        : null;
  }
}
