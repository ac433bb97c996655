package dev.rollbackdrill.migration;

import dev.rollbackdrill.yaml.Problem;
import dev.rollbackdrill.yaml.YamlFiles;
import java.nio.file.Path;
import java.util.List;

/** A file of SQL statements, named as the user gave it (for {@code file:line} in every message). */
public record SqlFile(String name, List<SqlScript.Statement> statements) {

  /** Every SQL file is read with the same limits as every input file: at most 1 MiB of strict UTF-8. */
  private static final YamlFiles.Kind SQL = new YamlFiles.Kind("SQL file", 1 << 20, "1 MiB", "SQL statements", "");

  public SqlFile {
    statements = List.copyOf(statements);
  }

  public static SqlFile of(String name, String text) {
    return new SqlFile(name, SqlScript.statements(text));
  }

  /**
   * The file cut into statements, or {@code null} after a problem added to {@code problems}
   * (missing, not a file, larger than 1 MiB, not UTF-8), each naming the file and line 1.
   */
  public static SqlFile read(Path file, List<Problem> problems) {
    YamlFiles.Problems sink = (line, message) -> problems.add(new Problem(file.toString(), line, "", message));
    byte[] bytes = YamlFiles.read(file, SQL, sink);
    String text = bytes == null ? null : YamlFiles.decode(bytes, sink);
    return text == null ? null : of(file.toString(), text);
  }
}
