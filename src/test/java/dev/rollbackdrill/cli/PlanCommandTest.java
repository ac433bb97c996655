package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.plan.Records;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill plan show|who|run}, in-process; nothing here needs a cluster. */
class PlanCommandTest {

  @TempDir Path dir;
  Path plan;
  Path drills;

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(dir.resolve("scenarios"));
    for (String name : new String[] {"noop-undo", "unready-undo"}) {
      Files.copy(Path.of("scenarios", name + ".yaml"), dir.resolve("scenarios/" + name + ".yaml"));
    }
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
  void runWithNothingDueRunsNothingButStillRendersTheReport() {
    Instant now = Instant.now();
    Records.write(drills, "noop-undo", now.minus(1, ChronoUnit.MINUTES).toString(), "context:staging", "PASSED");
    Records.write(drills, "unready-undo", now.minus(1, ChronoUnit.MINUTES).toString(), "context:staging", "PASSED");

    Cli cli = Cli.run("plan", "run", "--plan", plan.toString(), "--drills", drills.toString(),
        "--cluster", "context:staging", "--report", dir.resolve("reports").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("0 of 2 drills due").contains("nothing is due; next: ");
    assertThat(dir.resolve("reports/index.html")).exists();
  }

  @Test
  void runHandsTheDueDrillsAndTheRotationsExecutorToDrillRun() {
    // An option drill run does not know proves the hand-over without touching a cluster.
    Cli cli = Cli.run("plan", "run", "--plan", plan.toString(), "--drills", drills.toString(),
        "--cluster", "context:staging", "--no-such-option");

    assertThat(cli.out()).contains("2 of 2 drills due; executed by ")
        .contains("noop-undo (" + dir.resolve("scenarios/noop-undo.yaml") + ")");
    assertThat(cli.err()).contains("Unknown option: '--no-such-option'").contains("drill run --help");
    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
  }

  @Test
  void anExplicitExecutorWinsOverTheRotation() {
    Cli cli = Cli.run("plan", "run", "--plan", plan.toString(), "--drills", drills.toString(),
        "--executed-by", "erin", "--all", "--no-such-option");

    assertThat(cli.out()).contains("2 of 2 drills selected (--all); executed by erin (--executed-by)");
  }
}
