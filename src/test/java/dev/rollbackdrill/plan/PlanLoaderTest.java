package dev.rollbackdrill.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {

  @TempDir Path dir;

  @BeforeEach
  void scenarios() throws IOException {
    Scenarios.copyExamples(dir, "noop-undo", "runbook-command");
  }

  private Path plan(String yaml) throws IOException {
    Path p = dir.resolve("plan.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  private List<String> problems(String yaml) throws IOException {
    Path p = plan(yaml);
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanLoader.load(p, dir));
    assertThat(e).as("expected the plan to be refused").isNotNull();
    return e.problems().stream().map(Problem::toString).map(s -> s.replace(p.toString(), "plan.yaml")).toList();
  }

  @Test
  void theProjectsOwnPlanIsValid() throws Exception {
    Plan plan = PlanLoader.load(PlanLoader.DEFAULT_FILE);

    assertThat(plan.drills()).extracting(PlannedDrill::scenario)
        .containsExactly("noop-undo", "unready-undo", "crashloop-undo-to-revision", "runbook-command");
    assertThat(plan.drills().get(0).file()).isEqualTo(Path.of("scenarios", "noop-undo.yaml"));
    assertThat(plan.staleAfter()).containsEntry("noop-undo", Duration.ofDays(35))
        .containsEntry("runbook-command", Duration.ofDays(100));
    assertThat(plan.executorFor(YearMonth.of(2026, 12))).contains("alice");
    assertThat(plan.executorFor(YearMonth.of(2027, 1))).contains("dave");
  }

  @Test
  void readsEveryFieldAndDefaultsTheRest() throws Exception {
    Plan plan = PlanLoader.load(plan("""
        timezone: Europe/Berlin
        drills:
          - scenario: noop-undo
            schedule: "0 6 1 * *"
          - scenario: runbook-command
            schedule: "@weekly"
            staleAfter: 2w
        rotation:
          start: 2026-12
          roster: [alice, "Bob B."]
        """), dir);

    assertThat(plan.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(plan.scenarios()).isEqualTo(dir.resolve("scenarios"));
    assertThat(plan.staleAfter()).containsExactly(
        java.util.Map.entry("noop-undo", Plan.DEFAULT_STALE_AFTER),
        java.util.Map.entry("runbook-command", Duration.ofDays(14)));
    assertThat(plan.drill("runbook-command").orElseThrow().schedule()).hasToString("@weekly");
    assertThat(plan.executorFor(YearMonth.of(2027, 1))).contains("Bob B.");
  }

  @Test
  void withoutRotationNobodyIsNamed() throws Exception {
    Plan plan = PlanLoader.load(plan("drills: [{scenario: noop-undo, schedule: '@monthly'}]\n"), dir);

    assertThat(plan.rotation()).isNull();
    assertThat(plan.executorFor(YearMonth.of(2026, 12))).isEmpty();
  }

  @Test
  void reportsEveryProblemWithLineAndField() throws Exception {
    assertThat(problems("""
        timezone: Mars/Olympus
        staleAfter: 35
        drils: []
        drills:
          - scenario: noop-undoo
            schedule: "0 6 1 *"
          - scenario: runbook-command
            schedule: "0 25 1 * *"
            staleAfter: 0d
          - scenario: noop-undo
            schedule: "0 6 1 * *"
            when: monthly
        rotation:
          start: 2026-12-01
          roster: []
          overrides:
            december: alice
        """)).containsExactly(
        "plan.yaml:1 timezone: unknown time zone 'Mars/Olympus'; write e.g. UTC or Europe/Berlin",
        "plan.yaml:2 staleAfter: expected a period such as 35d, 5w or 36h, got number 35",
        "plan.yaml:3 drils: unknown field; did you mean 'drills'?",
        "plan.yaml:5 drills[0].scenario: no scenario named 'noop-undoo' in the scenarios folder; did you mean 'noop-undo'?"
            + " (known: noop-undo, runbook-command)",
        "plan.yaml:6 drills[0].schedule: expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '0 6 1 *'",
        "plan.yaml:8 drills[1].schedule: hour 25 is out of range 0-23",
        "plan.yaml:9 drills[1].staleAfter: must be greater than 0",
        "plan.yaml:12 drills[2].when: unknown field; expected scenario, schedule, staleAfter",
        "plan.yaml:14 rotation.start: expected a month like 2026-12, got date 2026-12-01",
        "plan.yaml:15 rotation.roster: must name at least one person",
        "plan.yaml:17 rotation.overrides.december: expected a month like 2026-12, got text 'december'");
  }

  @Test
  void aStalenessPeriodShorterThanTheScheduleIsRefused() throws Exception {
    assertThat(problems("""
        drills:
          - scenario: runbook-command
            schedule: "0 6 1 */3 *"
          - scenario: noop-undo
            schedule: "0 6 1 * *"
            staleAfter: 4w
        """)).containsExactly(
        "plan.yaml:3 drills[0].schedule: staleAfter 35d (the default) is shorter than the longest gap between runs"
            + " of '0 6 1 */3 *' (92d): the scenario would be flagged stale while on schedule; set staleAfter to at least 92d",
        "plan.yaml:6 drills[1].staleAfter: staleAfter 28d is shorter than the longest gap between runs of '0 6 1 * *'"
            + " (31d): the scenario would be flagged stale while on schedule; set staleAfter to at least 31d");
  }

  @Test
  void aScenarioPlannedTwiceOrAScheduleThatNeverFiresIsRefused() throws Exception {
    assertThat(problems("""
        drills:
          - scenario: noop-undo
            schedule: "0 6 1 * *"
          - scenario: noop-undo
            schedule: "0 6 30 2 *"
        """)).containsExactly(
        "plan.yaml:4 drills[1].scenario: scenario 'noop-undo' is already planned on line 2; give it one schedule"
            + " (a cron list such as \"0 6 1,15 * *\" fires twice a month)",
        "plan.yaml:5 drills[1].schedule: '0 6 30 2 *' never fires (no such date)");
  }

  @Test
  void problemsInScenarioFilesAreReportedAsTheirOwn() throws Exception {
    Files.writeString(dir.resolve("scenarios/broken.yaml"), "name: broken\nslo: 30\n");

    List<String> problems = problems("drills: [{scenario: noop-undo, schedule: '@monthly'}]\n");

    assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(
        dir.resolve("scenarios/broken.yaml").toString() + ":"));
  }

  @Test
  void aMissingScenariosFolderOrFileIsNamed() throws Exception {
    assertThat(problems("scenarios: elsewhere\ndrills: [{scenario: noop-undo, schedule: '@monthly'}]\n"))
        .containsExactly("plan.yaml:1 scenarios: folder 'elsewhere' does not exist; paths are relative to the folder"
            + " drill runs in");
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanLoader.load(dir.resolve("nope.yaml"), dir));
    assertThat(e.problems()).extracting(Problem::message).containsExactly("file does not exist");
  }

  @Test
  void emptyOrNonMappingFilesAndSyntaxErrorsAreRefused() throws Exception {
    assertThat(problems("")).containsExactly("plan.yaml:1 file is empty; expected a plan with drills");
    assertThat(problems("- a\n- b\n")).containsExactly("plan.yaml:1 expected a mapping of plan fields, got a list");
    assertThat(problems("drills: [\n")).hasSize(1).first().asString().startsWith("plan.yaml:2 YAML syntax error");
    assertThat(problems("timezone: UTC\n")).containsExactly("plan.yaml:1 drills: required field missing");
  }

  @Test
  void aControlCharacterIsNamedWithItsLineAndAFolderOrSecondDocumentIsRefused() throws Exception {
    // The same file checks as scenarios (YamlFiles): the character and its line, not "line 1".
    assertThat(problems("timezone: UTC\ndrills:\n  - scenario: noop\u0007-undo\n"))
        .containsExactly("plan.yaml:3 character U+0007 is not allowed in YAML; remove it, or write it"
            + " as an escape in a double-quoted string");
    assertThat(problems("drills: [{scenario: noop-undo, schedule: '@monthly'}]\n---\nx: 1\n"))
        .containsExactly("plan.yaml:2 more than one YAML document; a plan is one");
    Path folder = Files.createDirectories(dir.resolve("folder.yaml"));
    PlanException e = catchThrowableOfType(PlanException.class, () -> PlanLoader.load(folder, dir));
    assertThat(e.problems()).extracting(Problem::message)
        .containsExactly("not a file; expected a plan file");
  }
}
