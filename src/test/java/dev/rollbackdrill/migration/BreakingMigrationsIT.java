package dev.rollbackdrill.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.migration.LiveCheck.Outcome;
import dev.rollbackdrill.migration.LiveCheck.Status;
import dev.rollbackdrill.testing.OnPostgres;
import dev.rollbackdrill.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kind of migration the issue names, through both checks on a real PostgreSQL: the static class
 * from the SQL alone, and what the live check finds when v1's statements meet the migrated schema.
 * Where PREPARE alone would pass a statement that then fails (a new NOT NULL column an INSERT does
 * not name) or reads other types (a type change), the live check still says so.
 */
@OnPostgres
class BreakingMigrationsIT {

  private static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, phone text)";
  private static final String PAYMENTS = "CREATE TABLE payments (id bigint PRIMARY KEY, amount bigint NOT NULL)";

  private static LiveCheck.Result check(TestDatabase db, String schema, String migration, String knownGood) throws Exception {
    try (Connection c = db.connect()) {
      return LiveCheck.run(c, List.of(SqlFile.of("schema.sql", schema)), List.of(SqlFile.of("m.sql", migration)),
          List.of(SqlFile.of("kg.sql", knownGood)));
    }
  }

  private static MigrationCheck.Kind statically(String migration) {
    return MigrationCheck.check(migration).get(0).kind();
  }

  @Test
  void dropColumn(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users DROP COLUMN email";
    LiveCheck.Result r = check(db, USERS, m, "SELECT id, email FROM users WHERE id = $1;\nSELECT name FROM users");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.BREAKING);
    assertThat(r.knownGood()).extracting(Outcome::status).containsExactly(Status.BREAKS, Status.OK);
    assertThat(r.knownGood().get(0).error()).isEqualTo("column \"email\" does not exist");
    assertThat(r.schemaDiff()).containsExactly("- column public.users.email  text");
  }

  @Test
  void typeChangeToDecimal(TestDatabase db) throws Exception {
    String m = "ALTER TABLE payments ALTER COLUMN amount TYPE DECIMAL(19,4)";
    LiveCheck.Result r = check(db, PAYMENTS, m, "SELECT id, amount FROM payments WHERE id = $1;\n"
        + "INSERT INTO payments (id, amount) VALUES ($1, $2);\nSELECT count(*) FROM payments");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.BREAKING);
    assertThat(r.knownGood()).extracting(Outcome::status).containsExactly(Status.TYPES_CHANGED, Status.TYPES_CHANGED, Status.OK);
    assertThat(r.knownGood().get(0).error())
        .isEqualTo("($1 bigint) -> id int8, amount int8  became  ($1 bigint) -> id int8, amount numeric(19,4)");
    assertThat(r.knownGood().get(1).error()).isEqualTo("($1 bigint, $2 bigint)  became  ($1 bigint, $2 numeric)");
    assertThat(r.schemaDiff()).containsExactly("~ column public.payments.amount  bigint not null -> numeric(19,4) not null");
    assertThat(r.compatible()).isFalse();
  }

  @Test
  void setNotNull(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users ALTER COLUMN phone SET NOT NULL";
    LiveCheck.Result r = check(db, USERS, m, "INSERT INTO users (id, name, email) VALUES ($1, $2, $3);\n"
        + "INSERT INTO users (id, phone) VALUES ($1, $2)");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.BREAKING);
    assertThat(r.knownGood()).extracting(Outcome::status).containsExactly(Status.BREAKS, Status.OK);
    assertThat(r.knownGood().get(0).error()).startsWith("the INSERT does not name \"phone\", now NOT NULL without a default");
  }

  @Test
  void notNullColumnWithoutDefault(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users ADD COLUMN tenant text NOT NULL";
    LiveCheck.Result r = check(db, USERS, m, "INSERT INTO users (id, email) VALUES ($1, $2) RETURNING id;\nSELECT email FROM users");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.BREAKING);
    assertThat(r.knownGood()).extracting(Outcome::status).containsExactly(Status.BREAKS, Status.OK);
    assertThat(r.knownGood().get(0).error()).startsWith("the INSERT does not name \"tenant\"");

    LiveCheck.Result withRows = check(db, USERS + ";\nINSERT INTO users (id, email) VALUES (1, 'a@example.org')", m,
        "SELECT email FROM users");
    assertThat(withRows.failure()).hasValueSatisfying(f ->
        assertThat(f.error()).isEqualTo("column \"tenant\" of relation \"users\" contains null values"));
  }

  @Test
  void renameTable(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users RENAME TO accounts";
    LiveCheck.Result r = check(db, USERS, m, "SELECT id FROM users WHERE email = $1");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.BREAKING);
    assertThat(r.knownGood()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(Status.BREAKS);
      assertThat(o.error()).isEqualTo("relation \"users\" does not exist");
    });
    assertThat(r.schemaDiff()).contains("- table public.users", "+ table public.accounts");
  }

  @Test
  void additive(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users ADD COLUMN nick text;\nCREATE TABLE audit (id bigint, at timestamptz DEFAULT now());\n"
        + "CREATE INDEX users_nick ON users (nick);\nALTER TABLE users ADD COLUMN tier int NOT NULL DEFAULT 0";
    LiveCheck.Result r = check(db, USERS, m, "SELECT id, name, email FROM users WHERE id = $1;\n"
        + "INSERT INTO users (id, email) VALUES ($1, $2);\nUPDATE users SET phone = $1 WHERE id = $2;\nDELETE FROM users WHERE id = $1");
    assertThat(MigrationCheck.check(m)).extracting(MigrationCheck.Finding::kind).containsOnly(MigrationCheck.Kind.ADDITIVE);
    assertThat(r.compatible()).isTrue();
    assertThat(r.knownGood()).extracting(Outcome::status).containsOnly(Status.OK);
    assertThat(r.applied()).isEqualTo(4);
  }

  @Test
  void aStatementTheParserCannotReadIsStillRunByTheLiveCheck(TestDatabase db) throws Exception {
    String m = "DO $$ BEGIN EXECUTE 'ALTER TABLE users RENAME COLUMN email TO mail'; END $$";
    LiveCheck.Result r = check(db, USERS, m, "SELECT email FROM users");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.NOT_UNDERSTOOD);
    assertThat(r.knownGood()).singleElement().extracting(Outcome::status).isEqualTo(Status.BREAKS);
    assertThat(r.schemaDiff()).containsExactly("- column public.users.email  text", "+ column public.users.mail  text");
  }

  @Test
  void aMigrationThatDoesNotParseIsNotUnderstoodStaticallyAndFailsLiveWithPostgresWords(TestDatabase db) throws Exception {
    String m = "ALTER TABLE users RENAM COLUMN email TO mail";
    LiveCheck.Result r = check(db, USERS, m, "SELECT email FROM users");
    assertThat(statically(m)).isEqualTo(MigrationCheck.Kind.NOT_UNDERSTOOD);
    assertThat(r.failure()).hasValueSatisfying(f -> {
      assertThat(f.line()).isEqualTo(1);
      assertThat(f.error()).isEqualTo("syntax error at or near \"RENAM\"");
    });
    assertThat(r.compatible()).isFalse();
  }
}
