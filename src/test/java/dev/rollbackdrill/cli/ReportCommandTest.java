package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.plan.Records;
import dev.rollbackdrill.testing.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill report}, in-process, with the report's "now" pinned. */
class ReportCommandTest {

  private static final String NOW = "2027-02-20T12:00:00Z";

  @TempDir Path dir;
  Path plan;
  Path drills;
  Path out;

  @BeforeEach
  void files() throws IOException {
    Scenarios.copyExamples(dir, "noop-undo", "unready-undo");
    drills = dir.resolve("drills");
    out = dir.resolve("reports");
    plan = dir.resolve("plan.yaml");
    Files.writeString(plan, """
        scenarios: %s
        timezone: Europe/Berlin
        staleAfter: 40d
        drills:
          - scenario: noop-undo
            schedule: "0 6 1 * *"
          - scenario: unready-undo
            schedule: "0 6 1 1 *"
            staleAfter: 400d
        """.formatted(dir.resolve("scenarios")));
    // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin.
    Records.write(drills, "noop-undo", "2027-01-31T23:30:00Z", "context:staging", "PASSED");
    // Not in the plan: 38 days before the report.
    Records.write(drills, "adhoc", "2027-01-13T12:00:00Z", "context:staging", "PASSED");
  }

  private JsonNode report(String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("report", "--drills", drills.toString(), "--out", out.toString()));
    args.addAll(List.of(options));
    Cli cli = Cli.at(NOW, args.toArray(String[]::new));
    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    return new ObjectMapper().readTree(out.resolve("model.json").toFile());
  }

  private static JsonNode scenario(JsonNode model, String name) {
    for (JsonNode s : model.get("scenarios")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no scenario " + name + " in " + model.get("scenarios"));
  }

  @Test
  void withAPlanTheReportUsesItsTimezoneAndStalePeriodsAndListsWhatNeverRan() throws IOException {
    JsonNode m = report("--plan", plan.toString());

    assertThat(m.get("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(m.at("/headline/month").asText()).isEqualTo("February 2027");
    assertThat(m.at("/summary/staleAfter").asText()).isEqualTo("40 days");
    assertThat(scenario(m, "adhoc").get("stale").asBoolean()).as("38 days, plan default 40d").isFalse();
    assertThat(scenario(m, "noop-undo").get("stale").asBoolean()).isFalse();
    assertThat(scenario(m, "unready-undo").get("stale").asBoolean()).isTrue();
    assertThat(scenario(m, "unready-undo").get("lastVerdict").asText()).isEqualTo("NOT RUN");
  }

  @Test
  void optionsGivenOnTheCommandLineWinOverThePlan() throws IOException {
    JsonNode m = report("--plan", plan.toString(), "--zone", "UTC", "--stale-after", "35d");

    assertThat(m.get("zone").asText()).isEqualTo("UTC");
    assertThat(m.at("/headline/month").asText()).isEqualTo("January 2027");
    assertThat(m.at("/summary/staleAfter").asText()).isEqualTo("35 days");
    assertThat(scenario(m, "adhoc").get("stale").asBoolean()).isTrue();
  }

  @Test
  void withoutAPlanTheDefaultsAreUtcAndThirtyFiveDays() throws IOException {
    JsonNode m = report();

    assertThat(m.get("zone").asText()).isEqualTo("UTC");
    assertThat(m.at("/summary/staleAfter").asText()).isEqualTo("35 days");
    assertThat(m.get("scenarios")).hasSize(2);
  }

  @Test
  void withAClusterOnlyRunsThereKeepAScenarioFresh() throws IOException {
    Records.write(drills, "adhoc", "2027-02-19T12:00:00Z", "local", "PASSED");
    Records.write(drills, "adhoc", "2027-02-19T13:00:00Z", "context:staging", "ERROR");

    JsonNode anywhere = report();
    JsonNode staging = report("--cluster", "context:staging");

    assertThat(scenario(anywhere, "adhoc").get("stale").asBoolean()).isFalse();
    assertThat(scenario(staging, "adhoc").get("stale").asBoolean()).isTrue();
    assertThat(scenario(staging, "adhoc").get("staleText").asText())
        .isEqualTo("Not drilled for 38 days on context:staging (more than 35 days); since then only harness errors"
            + " and runs on other clusters");
  }

  @Test
  void anInvalidZoneOrPeriodIsBadInput() {
    Cli zone = Cli.at(NOW, "report", "--drills", drills.toString(), "--out", out.toString(), "--zone", "Mars/Olympus");
    Cli period = Cli.at(NOW, "report", "--drills", drills.toString(), "--out", out.toString(), "--stale-after", "soon");

    assertThat(zone.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(period.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(period.err()).contains("not a period: 'soon'");
  }
}
