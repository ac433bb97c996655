package dev.rollbackdrill.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.migration.LiveCheck.Outcome;
import dev.rollbackdrill.migration.LiveCheck.Status;
import dev.rollbackdrill.testing.OnPostgres;
import dev.rollbackdrill.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live check on a real PostgreSQL: the shipped rename migration breaks exactly the v1
 * statements that read {@code users.email}, with PostgreSQL's own words; the expand migration
 * breaks none; and whatever happens nothing is committed and no lock is waited for long.
 */
@OnPostgres
class LiveCheckIT {

  private static final Path MIGRATIONS = Path.of("scenarios/migrations");

  private static SqlFile shipped(String name) throws Exception {
    return SqlFile.of(name, Files.readString(MIGRATIONS.resolve(name)));
  }

  @Test
  void theRenameBreaksEveryV1StatementThatNamesEmailAndCommitsNothing(TestDatabase db) throws Exception {
    db.execute(shipped("v1-schema.sql").statements().stream().map(SqlScript.Statement::sql).toArray(String[]::new));
    // (the schema file holds three users, Ada's first)

    LiveCheck.Result r;
    try (Connection c = db.connect()) {
      r = LiveCheck.run(c, List.of(shipped("v2-rename-email.sql")), List.of(shipped("v1-statements.sql")));
      assertThat(c.getAutoCommit()).as("auto-commit put back").isTrue();
    }

    assertThat(r.failure()).isEmpty();
    assertThat(r.applied()).isEqualTo(1);
    assertThat(r.schemaDiff()).contains("- column public.users.email  text not null",
        "+ column public.users.primary_email  text not null");
    assertThat(r.knownGood()).extracting(Outcome::line, Outcome::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(2, Status.BREAKS), org.assertj.core.groups.Tuple.tuple(3, Status.OK),
        org.assertj.core.groups.Tuple.tuple(4, Status.BREAKS), org.assertj.core.groups.Tuple.tuple(5, Status.BREAKS));
    assertThat(r.knownGood().get(0).error()).isEqualTo("column \"email\" does not exist");
    assertThat(r.knownGood().get(2).error()).isEqualTo("column \"email\" of relation \"users\" does not exist");
    assertThat(r.knownGood().get(0).file()).isEqualTo("v1-statements.sql");
    assertThat(r.compatible()).isFalse();

    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email FROM users ORDER BY id")) {
      assertThat(rs.next()).as("the column and its rows are as they were").isTrue();
      assertThat(rs.getString(1)).isEqualTo("ada@example.org");
    }
  }

  @Test
  void theExpandMigrationLeavesV1RunningAndIsNotKeptEither(TestDatabase db) throws Exception {
    LiveCheck.Result r;
    try (Connection c = db.connect()) {
      r = LiveCheck.run(c, List.of(shipped("v1-schema.sql")), List.of(shipped("v2-expand-email.sql")),
          List.of(shipped("v1-statements.sql")));
    }

    assertThat(r.compatible()).isTrue();
    assertThat(r.count(Status.OK)).isEqualTo(4);
    assertThat(r.notes()).singleElement().asString().startsWith("v2-expand-email.sql:3  ran without CONCURRENTLY");
    assertThat(r.schemaDiff()).containsExactly("+ column public.users.primary_email  text",
        "+ index public.users_primary_email  CREATE INDEX users_primary_email ON public.users USING btree (primary_email)");
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'users'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("even the schema file was rolled back").isZero();
    }
  }

  @Test
  void aStatementThatNeverPreparedIsNotBlamedOnTheMigrationAndDdlIsNotChecked(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
    SqlFile knownGood = SqlFile.of("kg.sql", "SELECT id FROM userz;\nSELECT email FROM users;\nSET search_path = public;\n");
    SqlFile migration = SqlFile.of("m.sql", "BEGIN;\nALTER TABLE users DROP COLUMN email;\nCOMMIT;\n");

    LiveCheck.Result r;
    try (Connection c = db.connect()) {
      r = LiveCheck.run(c, List.of(migration), List.of(knownGood));
    }

    assertThat(r.knownGood()).extracting(Outcome::status)
        .containsExactly(Status.FAILS_BEFORE, Status.BREAKS, Status.NOT_CHECKED);
    assertThat(r.knownGood().get(0).error()).isEqualTo("relation \"userz\" does not exist");
    assertThat(r.knownGood().get(2).error()).startsWith("SET is not a statement PostgreSQL can prepare");
    assertThat(r.notes()).containsExactly(
        "m.sql:1  skipped BEGIN: the check runs the whole migration in one transaction",
        "m.sql:3  skipped COMMIT: the check runs the whole migration in one transaction");
    assertThat(r.applied()).isEqualTo(1);
  }

  @Test
  void aMigrationThatFailsIsReportedWithItsLineAndNothingIsLeft(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)");
    SqlFile migration = SqlFile.of("m.sql", "ALTER TABLE users ADD COLUMN nick text;\n\nALTER TABLE users DROP COLUMN mail;\n");

    LiveCheck.Result r;
    try (Connection c = db.connect()) {
      r = LiveCheck.run(c, List.of(migration), List.of(SqlFile.of("kg.sql", "SELECT email FROM users")));
    }

    assertThat(r.failure()).hasValueSatisfying(f -> {
      assertThat(f.line()).isEqualTo(3);
      assertThat(f.error()).isEqualTo("column \"mail\" of relation \"users\" does not exist");
    });
    assertThat(r.compatible()).isFalse();
    assertThat(r.knownGood()).isEmpty();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nick'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the statement that applied was rolled back").isZero();
    }
  }

  @Test
  void aTableInUseIsWaitedForAtMostTheLockTimeoutAndTheUserIsNotDisturbed(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY, email text)", "INSERT INTO users VALUES (1, 'a@example.org')");
    try (Connection app = db.connect()) {
      app.setAutoCommit(false);
      try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM users")) {
        rs.next();
      }
      long start = System.nanoTime();
      LiveCheck.Result r;
      try (Connection c = db.connect()) {
        r = LiveCheck.run(c, List.of(SqlFile.of("m.sql", "ALTER TABLE users RENAME COLUMN email TO mail")),
            List.of(SqlFile.of("kg.sql", "SELECT email FROM users")));
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f.error()).isEqualTo("canceling statement due to lock timeout"));
      assertThat(seconds).as("waited for the lock about LOCK_TIMEOUT, not for the application")
          .isBetween(LiveCheck.LOCK_TIMEOUT.toMillis() / 1000.0 - 0.5, 30.0);
      try (Statement s = app.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM users")) {
        assertThat(rs.next()).as("the application's transaction goes on").isTrue();
      }
      app.commit();
    }
  }

  @Test
  void whatTheKnownGoodVersionRanIsCapturedFromPgStatStatementsAndChecked(TestDatabase db) throws Exception {
    db.execute("CREATE TABLE users (id bigint PRIMARY KEY, name text, email text)");
    try (Connection app = db.connect();
        var select = app.prepareStatement("SELECT name, email FROM users WHERE id = ?");
        var count = app.prepareStatement("SELECT count(*) FROM users WHERE name <> ?")) {
      for (int i = 0; i < 3; i++) {
        select.setLong(1, i);
        select.executeQuery().close();
      }
      count.setString(1, "x");
      count.executeQuery().close();
    }

    StatementCapture.Captured captured;
    LiveCheck.Result r;
    try (Connection c = db.connect()) {
      assertThat(StatementCapture.available(c)).isTrue();
      captured = StatementCapture.of(c, db.database().user());
      r = LiveCheck.run(c, List.of(SqlFile.of("m.sql", "ALTER TABLE users DROP COLUMN email")), List.of(captured.statements()));
    }

    assertThat(captured.problems()).isEmpty();
    assertThat(captured.statements().name()).isEqualTo("pg_stat_statements(" + db.database().user() + ")");
    List<String> sql = captured.statements().statements().stream().map(SqlScript.Statement::sql).toList();
    assertThat(sql).contains("SELECT name, email FROM users WHERE id = $1", "SELECT count(*) FROM users WHERE name <> $1");
    assertThat(r.knownGood()).filteredOn(o -> o.sql().equals("SELECT name, email FROM users WHERE id = $1"))
        .singleElement().satisfies(o -> {
          assertThat(o.status()).isEqualTo(Status.BREAKS);
          assertThat(o.error()).isEqualTo("column \"email\" does not exist");
        });
    assertThat(r.knownGood()).filteredOn(o -> o.sql().startsWith("SELECT count(*)"))
        .extracting(Outcome::status).containsOnly(Status.OK);
  }
}
