package dev.rollbackdrill.report;

import static dev.rollbackdrill.report.Drills.drill;
import static dev.rollbackdrill.report.Drills.secs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report answers the database question: per scenario with a migration, rollback-safe,
 * forward-only (and why) or not checked; the headline counts forward-only drills apart from
 * failures, and leaves them out of the times and the SLO share.
 */
class ForwardOnlyReportTest {

  private static final Instant NOW = Instant.parse("2026-12-20T12:00:00Z");
  private static final String WHY = "healthy: blocked by the migration: the known-good version cannot run on the migrated"
      + " schema, so rolling back the code does not restore service: db/v1.sql:2 SELECT email FROM users: column \"email\""
      + " does not exist; roll forward";

  private static ReportModel model() {
    List<DrillRecord> runs = List.of(
        drill("rename", "2026-12-02T10:00:00Z").migration("V2__rename_email.sql").forwardOnly(WHY).build(),
        drill("expand", "2026-12-03T10:00:00Z").migration("V2__expand_email.sql").took(secs(4)).build(),
        drill("expand-broken", "2026-12-04T10:00:00Z").migration("V3__x.sql").refused("preflight: lease held").build(),
        drill("plain", "2026-12-05T10:00:00Z").took(secs(8)).build());
    return TrendReport.compute(runs, List.of(), ReportOptions.defaults(NOW));
  }

  private static ReportModel.ScenarioRow row(ReportModel m, String name) {
    return m.scenarios().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachScenarioWithAMigrationSaysWhetherItsRollbackSurvivesIt() {
    ReportModel m = model();

    assertThat(row(m, "rename").database()).isEqualTo("forward-only: the known-good version cannot run on the migrated"
        + " schema, so rolling back the code does not restore service: db/v1.sql:2 SELECT email FROM users: column"
        + " \"email\" does not exist; roll forward");
    assertThat(row(m, "rename").lastVerdict()).isEqualTo("FORWARD_ONLY");
    assertThat(row(m, "expand").database())
        .isEqualTo("rollback-safe: the previous version ran on the migrated schema (V2__expand_email.sql)");
    assertThat(row(m, "expand-broken").database()).isEqualTo("not checked: the last drill ended REFUSED");
    assertThat(row(m, "plain").database()).isEmpty();
  }

  @Test
  void theHeadlineCountsForwardOnlyApartAndLeavesItOutOfTheTimes() {
    ReportModel.Headline h = model().headline();

    assertThat(h.runs()).isEqualTo(4);
    assertThat(h.forwardOnly()).isEqualTo(1);
    assertThat(h.failed()).as("forward-only is not a failed undo").isZero();
    assertThat(h.refused()).isEqualTo(1);
    assertThat(h.withinSlo().whole()).as("the two timed drills only").isEqualTo(2);
    assertThat(h.median().text()).isEqualTo("4.00 s");
    assertThat(model().attention()).anyMatch(a -> a.startsWith("1 drill in December 2026 showed a release's database"
        + " migration blocking the rollback of the code (forward-only)"));
  }

  @Test
  void bothRenderingsSayIt() {
    ReportModel m = model();
    String md = ReportWriter.markdown(m);
    String html = ReportWriter.html(m);

    assertThat(md).contains("1 more ended forward-only (a migration blocked the rollback of the code), counted apart.",
        "**Database migrations**", "- rename: forward-only: the known-good version cannot run",
        "- expand: rollback-safe: the previous version ran on the migrated schema (V2\\_\\_expand\\_email.sql)");
    assertThat(html).contains("1 more ended forward-only: a database migration blocked the rollback of the code",
        "<span class=\"small database\">database: rollback-safe: the previous version ran on the migrated schema");
  }
}
