package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill validate FILE.sql}: each statement of a release's migration classed, as file:line, with an exit code to gate on. */
class ValidateMigrationTest {

  @Test
  void aRenameBreaksThePreviousVersionAndSaysHowToExpandAndContract(@TempDir Path dir) throws Exception {
    Path sql = Files.writeString(dir.resolve("V2__rename_email.sql"), """
        -- v2 renames the column v1 reads
        ALTER TABLE users RENAME COLUMN email TO primary_email;
        """);

    Cli cli = Cli.run("validate", sql.toString());

    assertThat(cli.exit()).isEqualTo(Main.DRILL_FAILED);
    assertThat(cli.out()).contains(sql + ":2  breaking for the previous version: renames column users.email to primary_email\n"
        + "    expand/contract instead: add primary_email beside email")
        .contains(sql + ": 1 breaking, 0 not understood, 0 additive");
  }

  @Test
  void anExpandOnlyMigrationPassesAndANotUnderstoodStatementNeverDoes(@TempDir Path dir) throws Exception {
    Path expand = Files.writeString(dir.resolve("V2__expand.sql"), "ALTER TABLE users ADD COLUMN primary_email text;\n");
    Path backfill = Files.writeString(dir.resolve("V3__backfill.sql"), "\n\nUPDATE users SET primary_email = email;\n");

    Cli ok = Cli.run("validate", expand.toString());
    Cli unknown = Cli.run("validate", expand.toString(), backfill.toString());

    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains(expand + ":1  additive: adds column users.primary_email")
        .contains("0 breaking, 0 not understood, 1 additive: the previous version runs on the migrated schema");
    assertThat(unknown.exit()).isEqualTo(Main.DRILL_FAILED);
    assertThat(unknown.out()).contains(backfill + ":3  not understood: UPDATE statement");
  }

  @Test
  void scenariosAndMigrationsTogetherTakeTheWorstExitCode(@TempDir Path dir) throws Exception {
    Path expand = Files.writeString(dir.resolve("V2__expand.sql"), "CREATE TABLE audit (id bigint);\n");
    Path broken = Files.writeString(dir.resolve("bad.yaml"), "name: [\n");

    Cli cli = Cli.run("validate", broken.toString(), expand.toString());

    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains("bad.yaml");
    assertThat(cli.out()).contains(expand + ":1  additive: creates table audit");
  }

  @Test
  void theShippedExamplesAreOneBreakingRenameAndItsPassingExpandContractTwin() {
    Path home = dev.rollbackdrill.cluster.ClusterProviders.projectHome();

    assertThat(Cli.run("validate", home.resolve("scenarios/migrations/v2-rename-email.sql").toString()).exit())
        .isEqualTo(Main.DRILL_FAILED);
    Cli expand = Cli.run("validate", home.resolve("scenarios/migrations/v2-expand-email.sql").toString());
    assertThat(expand.exit()).as(expand.out()).isZero();
    assertThat(expand.out()).contains("0 breaking, 0 not understood, 2 additive");
  }

  @Test
  void aMissingOrNonUtf8MigrationIsAProblemWithItsFileAndLine(@TempDir Path dir) throws Exception {
    Path latin1 = Files.write(dir.resolve("V4__latin1.sql"), new byte[] {'-', '-', ' ', (byte) 0xE9, '\n'});

    Cli cli = Cli.run("validate", dir.resolve("V9__missing.sql").toString(), latin1.toString());

    assertThat(cli.exit()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains(dir.resolve("V9__missing.sql") + ":1 file does not exist")
        .contains(latin1 + ":1 file is not valid UTF-8");
  }
}
