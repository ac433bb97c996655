package dev.rollbackdrill.migration;

import java.util.List;

/** A file of SQL statements, named as the user gave it (for {@code file:line} in every message). */
public record SqlFile(String name, List<SqlScript.Statement> statements) {

  public SqlFile {
    statements = List.copyOf(statements);
  }

  public static SqlFile of(String name, String text) {
    return new SqlFile(name, SqlScript.statements(text));
  }
}
