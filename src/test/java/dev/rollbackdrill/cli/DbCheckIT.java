package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code drill db check} as a user runs it, on the throwaway PostgreSQL: the README's transcript is
 * what it prints, exit codes say what happened, and bad input is refused before any connection.
 */
@OnPostgres
class DbCheckIT {

  private static final String SCHEMA = "scenarios/migrations/v1-schema.sql";
  private static final String KNOWN_GOOD = "scenarios/migrations/v1-statements.sql";

  @Test
  void theReadmeTranscriptIsWhatTheCommandPrints() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("```\n\\$ \\./drill (db check [^\n]+)\n(.*?)```", Pattern.DOTALL).matcher(readme);
    int shown = 0;
    while (m.find()) {
      DrillCli r = DrillCli.run(m.group(1).split(" "));
      String expected = m.group(2);
      assertThat(r.out()).as("README transcript of drill " + m.group(1)).isEqualTo(expected);
      assertThat(r.exit()).isEqualTo(expected.contains(": 0 break, 0 with other types, ") ? 0 : 1);
      shown++;
    }
    assertThat(shown).as("transcripts of drill db check in the README").isEqualTo(2);
  }

  @Test
  void theRenameExitsOneAndTheExpandZero() {
    DrillCli rename = DrillCli.run("db", "check", "--schema", SCHEMA, "--migration", "scenarios/migrations/v2-rename-email.sql",
        "--known-good", KNOWN_GOOD);
    assertThat(rename.exit()).as(rename.out() + rename.err()).isEqualTo(Main.DRILL_FAILED);
    assertThat(rename.out()).contains(KNOWN_GOOD + ":2  breaks: column \"email\" does not exist",
        "3 break, 0 with other types, 1 ok", "the known-good version cannot run after this migration");

    DrillCli expand = DrillCli.run("db", "check", "--schema", SCHEMA, "--migration", "scenarios/migrations/v2-expand-email.sql",
        "--known-good", KNOWN_GOOD);
    assertThat(expand.exit()).as(expand.out() + expand.err()).isEqualTo(Main.OK);
    assertThat(expand.out()).contains("0 break, 0 with other types, 4 ok").doesNotContain("breaks:");
  }

  @Test
  void aMigrationThatDoesNotApplyExitsOneWithItsFileAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path m = Files.writeString(dir.resolve("V3__drop.sql"), "-- drops a column that is not there\nALTER TABLE users DROP COLUMN mail;\n");
    DrillCli r = DrillCli.run("db", "check", "--schema", SCHEMA, "--migration", m.toString(), "--known-good", KNOWN_GOOD);
    assertThat(r.exit()).isEqualTo(Main.DRILL_FAILED);
    assertThat(r.out()).contains(m + ":2  the migration fails: column \"mail\" of relation \"users\" does not exist",
        "the migration does not apply (after 0 statement(s))");
  }

  @Test
  void badInputIsRefusedBeforeAnyConnectionAndAnUnreachableServerIsAnEnvironmentError(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    DrillCli missing = DrillCli.run("db", "check", "--migration", dir.resolve("nope.sql").toString(), "--known-good", KNOWN_GOOD);
    assertThat(missing.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err()).contains(dir.resolve("nope.sql").toString());

    DrillCli nothing = DrillCli.run("db", "check", "--migration", "scenarios/migrations/v2-rename-email.sql");
    assertThat(nothing.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(nothing.err()).contains("give --known-good FILE or --capture-role ROLE");

    DrillCli notPostgres = DrillCli.run("db", "check", "--url", "jdbc:mysql://127.0.0.1/app", "--migration",
        "scenarios/migrations/v2-rename-email.sql", "--known-good", KNOWN_GOOD);
    assertThat(notPostgres.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(notPostgres.err()).contains("a database URL starts with jdbc:postgresql:");

    DrillCli closed = DrillCli.run("db", "check", "--url", "jdbc:postgresql://127.0.0.1:1/app", "--migration",
        "scenarios/migrations/v2-rename-email.sql", "--known-good", KNOWN_GOOD);
    assertThat(closed.exit()).isEqualTo(Main.ENVIRONMENT);
    assertThat(closed.err()).contains("jdbc:postgresql://127.0.0.1:1/app");
  }
}
