package dev.rollbackdrill.testing;

import dev.rollbackdrill.database.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A test's own database on the throwaway PostgreSQL (see {@link OnPostgres}). */
public record TestDatabase(String name, Database database, Database server) {

  public Connection connect() throws SQLException {
    return database.connect();
  }

  /** Runs statements on a connection of their own, committed (the test's setup). */
  public void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
