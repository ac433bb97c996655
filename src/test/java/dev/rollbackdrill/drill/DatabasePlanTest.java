package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.scenario.DatabaseSection;
import dev.rollbackdrill.scenario.DatabaseSection.Credential;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry run says where a release's database is, what its migration does statically, and how it goes back; it connects to nothing. */
class DatabasePlanTest {

  private static final Path M = Path.of("scenarios/migrations");

  @Test
  void theThrowawayDatabaseAndTheRenamesStaticClass() {
    DatabaseSection db = new DatabaseSection(null, null, null, List.of(M.resolve("v1-schema.sql")),
        List.of(M.resolve("v2-rename-email.sql")), List.of(M.resolve("v2-rename-email.down.sql")),
        List.of(M.resolve("v1-statements.sql")), null);

    List<String> lines = DatabasePlan.lines(db, "drill-db-rename");

    assertThat(lines).containsExactly(
        "  database: the drill's own database drill_drill_db_rename on the throwaway PostgreSQL, made afresh from "
            + M.resolve("v1-schema.sql"),
        "  migration: " + M.resolve("v2-rename-email.sql") + ", 1 statement(s) applied in one transaction before the"
            + " candidate; statically 1 breaking for the previous version, 0 not understood (renames column users.email"
            + " to primary_email)",
        "  preflight: the live check (migration applied and rolled back) prepares every known-good statement of "
            + M.resolve("v1-statements.sql") + "; a fingerprint of the database (schema, row counts, checksums) goes on"
            + " the lease",
        "  afterwards: the down-migration " + M.resolve("v2-rename-email.down.sql") + " when the database is not as"
            + " found, then the fingerprint must match; a known-good version that cannot run on the migrated schema ends"
            + " FORWARD_ONLY");
  }

  @Test
  void aStagingServerIsNamedWithWhereItsCredentialsComeFromNeverTheirValues() {
    DatabaseSection db = new DatabaseSection("jdbc:postgresql://staging-db:5432/app", new Credential("PGUSER", null, null),
        new Credential(null, "app-db", "password"), List.of(), List.of(M.resolve("v2-expand-email.sql")),
        List.of(M.resolve("v2-expand-email.down.sql")), List.of(), "app");

    List<String> lines = DatabasePlan.lines(db, "staging");

    assertThat(lines.get(0)).isEqualTo("  database: jdbc:postgresql://staging-db:5432/app as $PGUSER (password from"
        + " secret app-db key password, never shown)");
    assertThat(lines.get(1)).contains("statically 0 breaking for the previous version, 0 not understood");
    assertThat(lines.get(2)).contains("what app ran (pg_stat_statements)");
  }
}
