package dev.rollbackdrill.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every SQL file the tool reads (validate, db check, a scenario's database section) is read one way. */
class SqlFileTest {

  @TempDir Path dir;

  @Test
  void readsStatementsWithTheLinesTheCheckKeeps() throws Exception {
    Path f = Files.writeString(dir.resolve("v2.sql"), "-- v2\nALTER TABLE users ADD COLUMN age int;\n\nDROP TABLE notes;\n");
    List<Problem> problems = new ArrayList<>();

    SqlFile sql = SqlFile.read(f, problems);

    assertThat(problems).isEmpty();
    assertThat(sql.name()).isEqualTo(f.toString());
    assertThat(MigrationCheck.check(sql)).extracting(MigrationCheck.Finding::line, MigrationCheck.Finding::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, MigrationCheck.Kind.ADDITIVE),
            org.assertj.core.groups.Tuple.tuple(4, MigrationCheck.Kind.BREAKING));
  }

  @Test
  void refusesAMissingFileAnOversizedOneAndOneThatIsNotUtf8NamingTheFile() throws Exception {
    Path big = dir.resolve("big.sql");
    Files.write(big, new byte[(1 << 20) + 1]);
    Path latin1 = Files.write(dir.resolve("latin1.sql"), "SELECT 'caf\u00e9';".getBytes(StandardCharsets.ISO_8859_1));
    List<Problem> problems = new ArrayList<>();

    assertThat(SqlFile.read(dir.resolve("none.sql"), problems)).isNull();
    assertThat(SqlFile.read(big, problems)).isNull();
    assertThat(SqlFile.read(latin1, problems)).isNull();

    assertThat(problems).extracting(Problem::toString).containsExactly(
        dir.resolve("none.sql") + ":1 file does not exist",
        big + ":1 file is larger than 1 MiB; refusing to read it",
        latin1 + ":1 file is not valid UTF-8");
  }

  @Test
  void oneLineCollapsesWhitespaceAndCutsLongStatements() {
    assertThat(SqlScript.oneLine("SELECT a,\n       b\n  FROM t")).isEqualTo("SELECT a, b FROM t");
    assertThat(SqlScript.oneLine("SELECT " + "x, ".repeat(60))).hasSize(120).endsWith("...");
  }
}
