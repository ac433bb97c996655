package dev.rollbackdrill.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.migration.SqlScript.Statement;
import org.junit.jupiter.api.Test;

/** A migration file cut as psql cuts it, each statement on the line of its first word. */
class SqlScriptTest {

  @Test
  void cutsAtSemicolonsOutsideQuotesCommentsAndDollarBodies() {
    String sql = """
        -- V2: the rename; comments are no statements
        ALTER TABLE users
          RENAME COLUMN email TO primary_email;

        INSERT INTO notes VALUES ('it''s; fine', "odd;name");
        /* a block; /* nested; */ still a comment; */
        CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
        SELECT $1;;
        UPDATE users SET a = 1 -- a comment after the first word stays""";

    assertThat(SqlScript.statements(sql)).containsExactly(
        new Statement(2, "ALTER TABLE users\n  RENAME COLUMN email TO primary_email"),
        new Statement(5, "INSERT INTO notes VALUES ('it''s; fine', \"odd;name\")"),
        new Statement(7, "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql"),
        new Statement(8, "SELECT $1"),
        new Statement(9, "UPDATE users SET a = 1 -- a comment after the first word stays"));
  }

  @Test
  void anEmptyOrCommentOnlyFileHasNoStatements() {
    assertThat(SqlScript.statements("")).isEmpty();
    assertThat(SqlScript.statements("-- nothing yet\n/* later */\n;\n")).isEmpty();
  }
}
