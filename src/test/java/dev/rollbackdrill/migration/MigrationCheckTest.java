package dev.rollbackdrill.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.migration.MigrationCheck.Finding;
import dev.rollbackdrill.migration.MigrationCheck.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each statement of a migration classed for the previous version, with its line and, when it breaks, a way around. */
class MigrationCheckTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz NOT NULL) | ADDITIVE | creates table audit
      ALTER TABLE users ADD COLUMN primary_email text | ADDITIVE | adds column users.primary_email
      ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0 | ADDITIVE | adds column users.n NOT NULL with a default
      CREATE INDEX CONCURRENTLY users_email ON users (email) | ADDITIVE | creates index users_email on users
      ALTER TABLE users ALTER COLUMN email DROP NOT NULL | ADDITIVE | lets users.email be NULL
      ALTER TABLE users ALTER COLUMN email SET DEFAULT 'x' | ADDITIVE | sets a default on users.email
      DROP INDEX users_email | ADDITIVE | drops index users_email (slower queries, same schema)
      ALTER TABLE users RENAME COLUMN email TO primary_email | BREAKING | renames column users.email to primary_email
      ALTER TABLE users DROP COLUMN email | BREAKING | drops column users.email
      ALTER TABLE users RENAME TO people | BREAKING | renames table users to people
      DROP TABLE users | BREAKING | drops table users
      ALTER TABLE users ALTER COLUMN email TYPE varchar(10) | BREAKING | changes the type of users.email
      ALTER TABLE users ALTER COLUMN email SET NOT NULL | BREAKING | sets users.email NOT NULL
      ALTER TABLE users ALTER COLUMN email DROP DEFAULT | BREAKING | drops the default of users.email
      ALTER TABLE users ADD COLUMN n int NOT NULL | BREAKING | adds column users.n NOT NULL without a default
      ALTER TABLE users ADD CONSTRAINT email_unique UNIQUE (email) | BREAKING | adds CONSTRAINT email_unique UNIQUE (email) to users
      UPDATE users SET a = b | NOT_UNDERSTOOD | UPDATE statement: what it does to the previous version cannot be read from the SQL
      CREATE EXTENSION pg_trgm | NOT_UNDERSTOOD | the SQL parser could not read it
      """)
  void classesEachKindOfStatement(String sql, Kind kind, String what) {
    List<Finding> findings = MigrationCheck.check(sql + ";");

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo(kind);
      assertThat(f.what()).isEqualTo(what);
      assertThat(f.line()).isEqualTo(1);
      if (kind == Kind.BREAKING) {
        assertThat(f.suggestion()).startsWith("expand/contract instead: ").endsWith(".");
      } else {
        assertThat(f.suggestion()).isNull();
      }
    });
  }

  @Test
  void theRenameOfTheDemoIsBreakingAndItsExpandContractTwinIsNot() {
    List<Finding> rename = MigrationCheck.check("""
        -- v2: users.email becomes primary_email
        ALTER TABLE users RENAME COLUMN email TO primary_email;
        """);
    List<Finding> expand = MigrationCheck.check("""
        -- v2, expand/contract: the new column beside the old one
        ALTER TABLE users ADD COLUMN primary_email text;
        UPDATE users SET primary_email = email;
        """);

    assertThat(rename).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(2);
      assertThat(f.kind()).isEqualTo(Kind.BREAKING);
      assertThat(f.suggestion()).isEqualTo("expand/contract instead: add primary_email beside email, write both and backfill,"
          + " and drop email once no running version reads it.");
    });
    assertThat(expand).extracting(Finding::line, Finding::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Kind.ADDITIVE),
            org.assertj.core.groups.Tuple.tuple(3, Kind.NOT_UNDERSTOOD));
    assertThat(expand).noneMatch(f -> f.kind() == Kind.BREAKING);
  }

  @Test
  void everyChangeOfOneAlterTableIsClassedOnItsOwn() {
    assertThat(MigrationCheck.check("ALTER TABLE users ADD COLUMN x text, DROP COLUMN y;"))
        .extracting(Finding::kind).containsExactly(Kind.ADDITIVE, Kind.BREAKING);
  }
}
