package dev.rollbackdrill.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements the known-good version actually ran, from the server's {@code pg_stat_statements}:
 * every top-level statement its role ran in this database, normalised by PostgreSQL ({@code $1}
 * for constants), most called first. Reading other roles' statement texts needs
 * {@code pg_read_all_stats} (or being that role); a text the server withholds is said so.
 */
public final class StatementCapture {

  /** What the capture found: the statements as a file named after its origin, and anything it could not read. */
  public record Captured(SqlFile statements, List<String> problems) {}

  private static final String QUERY = "SELECT s.query FROM pg_stat_statements s"
      + " JOIN pg_roles r ON r.oid = s.userid JOIN pg_database d ON d.oid = s.dbid"
      + " WHERE r.rolname = ? AND d.datname = current_database() AND s.toplevel"
      + " ORDER BY s.calls DESC, s.query";

  private StatementCapture() {}

  /** Whether the server has the extension in this database (it must also be in shared_preload_libraries). */
  public static boolean available(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** The statements {@code role} ran here, as a file named {@code pg_stat_statements(role)} whose "lines" are ranks. */
  public static Captured of(Connection c, String role) throws SQLException {
    List<SqlScript.Statement> statements = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(QUERY)) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String q = rs.getString(1);
          if (q == null || q.startsWith("<insufficient privilege>")) {
            problems.add("pg_stat_statements withholds a statement of " + role + ": grant pg_read_all_stats to the checking role");
            continue;
          }
          for (SqlScript.Statement s : SqlScript.statements(q)) {
            statements.add(new SqlScript.Statement(statements.size() + 1, s.sql()));
          }
        }
      }
    }
    return new Captured(new SqlFile("pg_stat_statements(" + role + ")", statements), problems);
  }
}
