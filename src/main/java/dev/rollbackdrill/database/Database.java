package dev.rollbackdrill.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server to check migrations on: its JDBC URL and the credentials to use. The password
 * is never printed or recorded ({@link #toString()} leaves it out); {@link #describe()} is what a
 * console or record may show.
 */
public record Database(String url, String user, String password) {

  /** Seconds to wait for a connection: a staging server that does not answer fails the check quickly. */
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  public Database {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("a database URL starts with jdbc:postgresql:, got " + url);
    }
  }

  public Connection connect() throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("ApplicationName", "rollback-drill");
    return DriverManager.getConnection(url, p);
  }

  /** The libpq environment ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}) of this database. */
  public java.util.Map<String, String> libpqEnvironment() {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/([^?]+).*").matcher(url);
    if (m.matches()) {
      env.put("PGHOST", m.group(1));
      env.put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
      env.put("PGDATABASE", m.group(3));
    }
    if (user != null) {
      env.put("PGUSER", user);
    }
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    return env;
  }

  /** The URL without any password it may carry, and the user. */
  public String describe() {
    return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***") + (user == null ? "" : " as " + user);
  }

  @Override
  public String toString() {
    return "Database[" + describe() + "]";
  }
}
