package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.plan.Records;
import dev.rollbackdrill.testing.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code drill plan show|who|run}, in-process; nothing here needs a cluster. */
class PlanCommandTest {

  @TempDir Path dir;
  Path plan;
  Path drills;

  @BeforeEach
  void files() throws IOException {
    Scenarios.copyExamples(dir, "noop-undo", "unready-undo");
    drills = dir.resolve("drills");
    plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        scenarios: %s
        drills:
          - scenario: noop-undo
            schedule: "0 6 1 * *"
          - scenario: unready-undo
            schedule: "0 6 1 1 *"
            staleAfter: 400d
        rotation:
          start: 2026-12
          roster: [alice, bob, carol]
          overrides: {2027-01: dave}
        """.formatted(dir.resolve("scenarios")));
  }

  @Test
  void whoPrintsThisMonthsExecutorForScripts() {
    Cli cli = Cli.run("plan", "who", "--plan", plan.toString(), "--month", "2027-02");

    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("carol" + System.lineSeparator());
  }

  @Test
  void whoListsSeveralMonthsWithOverrides() {
    Cli cli = Cli.run("plan", "who", "--plan", plan.toString(), "--month", "2026-12", "--months", "3");

    assertThat(cli.out()).containsSubsequence("2026-12  alice", "2027-01  dave", "2027-02  carol");
  }

  @Test
  void showSaysWhatIsDueAndStaleAndWhoseTurnItIs() {
    Records.write(drills, "noop-undo", "2026-11-01T07:00:00Z", "context:staging", "PASSED");

    Cli cli = Cli.run("plan", "show", "--plan", plan.toString(), "--drills", drills.toString(),
        "--cluster", "context:staging", "--at", "2026-11-22T12:00:00Z");

    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out())
        .containsPattern("noop-undo +0 6 1 \\* \\* +35d +2026-11-01 07:00 +2026-12-01 06:00 +ok")
        .containsPattern("unready-undo +0 6 1 1 \\* +400d +never +2027-01-01 06:00 +DUE, STALE")
        .contains("rotation: alice, bob, carol, from 2026-12; overrides: 2027-01 dave")
        .contains("this month (2026-11): carol; next month (2026-12): alice");
  }

  @Test
  void anInvalidPlanIsRefusedWithFileLineAndField() throws IOException {
    Files.writeString(plan, "drills:\n  - scenario: noop-undo\n    schedule: \"0 6 1 * * *\"\n");

    Cli cli = Cli.run("plan", "show", "--plan", plan.toString());

    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains(plan + ":3 drills[0].schedule: expected 5 fields")
        .contains("1 problem(s) in the plan");
  }

  @Test
  void runWithNothingDueRunsNothingButStillRendersTheReport() throws IOException {
    // Both drills fired on 1 January at 06:00 and ran an hour later; the next firing is February's.
    Records.write(drills, "noop-undo", "2027-01-01T07:00:00Z", "context:staging", "PASSED");
    Records.write(drills, "unready-undo", "2027-01-01T07:00:00Z", "context:staging", "PASSED");

    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills", drills.toString(),
        "--cluster", "context:staging", "--report", dir.resolve("reports").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("0 of 2 drills due; executed by dave (rotation for 2027-01)")
        .contains("nothing is due; next: noop-undo at 2027-02-01 06:00");
    assertThat(cli.given("run")).as("drill run was not called").isNull();
    assertThat(Files.readString(dir.resolve("reports/model.json"))).contains("\"generatedAt\" : \"2027-01-15 12:00 UTC\"");
  }

  @Test
  void runHandsTheDueDrillsTheRotationsExecutorAndEveryOtherOptionToDrillRun() {
    // noop-undo ran after January's firing; unready-undo never ran, so only it is due. The
    // pass-through --iterations 0 makes drill run stop right after parsing, before any cluster.
    Records.write(drills, "noop-undo", "2027-01-02T07:00:00Z", "context:staging", "PASSED");
    Path kubeconfig = dir.resolve("staging.kubeconfig");

    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills", drills.toString(),
        "--cluster", "context:staging", "--kubeconfig", kubeconfig.toString(), "--junit-xml", "out/junit",
        "--iterations", "0");

    assertThat(cli.out()).contains("1 of 2 drills due; executed by dave (rotation for 2027-01)")
        .contains("unready-undo (" + dir.resolve("scenarios/unready-undo.yaml") + ")")
        .doesNotContain("noop-undo (");
    CommandLine.ParseResult run = cli.given("run");
    assertThat(run).as("drill run was called").isNotNull();
    assertThat(run.matchedPositionalValue(0, List.<Path>of()))
        .containsExactly(dir.resolve("scenarios/unready-undo.yaml"));
    assertThat(run.matchedOptionValue("--executed-by", "")).isEqualTo("dave");
    assertThat(run.matchedOptionValue("--cluster", "")).isEqualTo("context:staging");
    assertThat(run.matchedOptionValue("--drills", Path.of(""))).isEqualTo(drills);
    assertThat(run.matchedOptionValue("--kubeconfig", Path.of(""))).isEqualTo(kubeconfig);
    assertThat(run.matchedOptionValue("--junit-xml", Path.of(""))).isEqualTo(Path.of("out/junit"));
    assertThat(cli.err()).contains("--iterations must be between 1 and 100");
    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
  }

  @Test
  void anUnknownOptionIsRefusedByDrillRunWithItsHelp() {
    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills",
        drills.toString(), "--cluster", "context:staging", "--no-such-option");

    assertThat(cli.out()).contains("2 of 2 drills due; executed by dave");
    assertThat(cli.err()).contains("Unknown option: '--no-such-option'").contains("drill run --help");
    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
  }

  @Test
  void anExplicitExecutorWinsOverTheRotation() {
    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills",
        drills.toString(), "--executed-by", "erin", "--all", "--iterations", "0");

    assertThat(cli.out()).contains("2 of 2 drills selected (--all); executed by erin (--executed-by)");
    assertThat(cli.given("run").matchedOptionValue("--executed-by", "")).isEqualTo("erin");
    assertThat(cli.given("run").matchedPositionalValue(0, List.<Path>of())).hasSize(2);
  }

  @Test
  void withoutAnExecutorOptionThisMonthsRotationRunsTheDrills() {
    Cli cli = Cli.at("2027-02-01T06:30:00Z", "plan", "run", "--plan", plan.toString(), "--drills",
        drills.toString(), "--all", "--iterations", "0");

    assertThat(cli.out()).contains("executed by carol (rotation for 2027-02)");
    assertThat(cli.given("run").matchedOptionValue("--executed-by", "")).isEqualTo("carol");
  }

  @Test
  void aTagLeavesTheOtherPlannedDrillsToAnotherRunner() throws IOException {
    Path noop = dir.resolve("scenarios/noop-undo.yaml");
    Files.writeString(noop, Files.readString(noop).replace("tags: [undo, smoke]", "tags: [undo, smoke, in-cluster]"));

    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills",
        drills.toString(), "--tag", "in-cluster", "--iterations", "0");

    assertThat(cli.out()).contains("1 of 1 drills tagged in-cluster due; executed by dave")
        .contains("not tagged in-cluster so not run here: unready-undo");
    assertThat(cli.given("run").matchedPositionalValue(0, List.<Path>of())).containsExactly(noop);
  }

  @Test
  void aTagNoPlannedScenarioHasIsBadInputAndRunsNothing() {
    Cli cli = Cli.at("2027-01-15T12:00:00Z", "plan", "run", "--plan", plan.toString(), "--drills",
        drills.toString(), "--tag", "in-cluster");

    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("no drill in the plan " + plan + " has a scenario tagged in-cluster");
    assertThat(cli.given("run")).isNull();
  }

  @Test
  void whoWithoutAMonthIsThisMonthOfTheInjectedClock() {
    Cli cli = Cli.at("2027-01-31T23:59:00Z", "plan", "who", "--plan", plan.toString());

    assertThat(cli.out()).isEqualTo("dave" + System.lineSeparator());
  }
}
