package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario's {@code database:} section: files relative to the scenario, credentials only by
 * reference, tables created only on the throwaway server; each mistake named by line and field,
 * and the schema agreeing with the loader on every one.
 */
class DatabaseSectionTest {

  private static final String BASE = """
      name: db-drill
      target:
        namespace: drill-db
        deployment: demo
      DATABASE
      change:
        type: broken
        fault: readiness-never-passes
      detect:
        type: readiness-failing
        for: 5s
      rollback:
        procedure: rollout-undo
      slo: 30s
      """;

  @TempDir Path dir;

  @BeforeEach
  void sqlFiles() throws IOException {
    Files.createDirectories(dir.resolve("db"));
    for (String f : List.of("v1.sql", "up.sql", "down.sql", "kg.sql")) {
      Files.writeString(dir.resolve("db").resolve(f), "SELECT 1;\n");
    }
  }

  private Path write(String database) throws IOException {
    return Files.writeString(dir.resolve("s.yaml"), BASE.replace("DATABASE\n", database));
  }

  private List<String> problems(String database) throws IOException {
    return ScenarioProblems.of(write(database), dir);
  }

  @Test
  void aThrowawaySectionLoadsWithItsFilesResolvedAgainstTheScenario() throws Exception {
    Path file = write("""
        database:
          schema: db/v1.sql
          migration: [db/up.sql]
          down: db/down.sql
          knownGood: db/kg.sql
        """);
    Scenario s = ScenarioLoader.load(file);
    SchemaAgreement.assertAgrees(file, List.of());

    assertThat(s.database()).isEqualTo(new DatabaseSection(null, null, null, List.of(dir.resolve("db/v1.sql")),
        List.of(dir.resolve("db/up.sql")), List.of(dir.resolve("db/down.sql")), List.of(dir.resolve("db/kg.sql")), null,
        null, null, dir.toAbsolutePath().normalize()));
    assertThat(s.database().throwaway()).isTrue();
  }

  @Test
  void aStagingSectionTakesCredentialsFromTheEnvironmentOrASecret() throws Exception {
    Path file = write("""
        database:
          url: jdbc:postgresql://staging-db:5432/app
          user: {env: DRILL_DB_USER}
          password: {secret: app-db, key: password}
          migration: db/up.sql
          down: db/down.sql
          captureRole: app
        """);
    Scenario s = ScenarioLoader.load(file);
    SchemaAgreement.assertAgrees(file, List.of());

    assertThat(s.database().user()).isEqualTo(new DatabaseSection.Credential("DRILL_DB_USER", null, null));
    assertThat(s.database().password()).isEqualTo(new DatabaseSection.Credential(null, "app-db", "password"));
    assertThat(s.database().captureRole()).isEqualTo("app");
    assertThat(s.database().knownGood()).isEmpty();
  }

  @Test
  void theTeamsOwnCommandsMayStandForTheFiles() throws Exception {
    Path file = write("""
        database:
          schema: db/v1.sql
          migration: {run: "flyway migrate"}
          down: {run: "flyway undo"}
          knownGood: db/kg.sql
        """);
    Scenario s = ScenarioLoader.load(file);
    SchemaAgreement.assertAgrees(file, List.of());

    assertThat(s.database().migrationRun()).isEqualTo("flyway migrate");
    assertThat(s.database().downRun()).isEqualTo("flyway undo");
    assertThat(s.database().migration()).isEmpty();
    assertThat(s.database().folder()).isEqualTo(dir.toAbsolutePath().normalize());
    assertThat(s.database().migrationName()).isEqualTo("command: flyway migrate");
    assertThat(problems("""
        database:
          migration: {command: "flyway migrate"}
          down: db/down.sql
          knownGood: db/kg.sql
        """)).containsExactlyInAnyOrder("s.yaml:6 database.migration.command: unknown field; expected run",
            "s.yaml:6 database.migration.run: required field missing");
  }

  @Test
  void eachMistakeIsNamedByLineAndField() throws Exception {
    assertThat(problems("""
        database:
          migration: db/missing.sql
          down: db/down.sql
          knownGood: db/kg.sql
        """)).containsExactly("s.yaml:6 database.migration: file not found: " + dir.resolve("db/missing.sql")
            + " (paths are relative to the scenario's folder)");
    assertThat(problems("""
        database:
          migration: db/up.sql
          knownGood: db/kg.sql
        """)).singleElement().asString().startsWith("s.yaml:5 database.down: required: the drill puts the database back");
    assertThat(problems("""
        database:
          migration: db/up.sql
          down: db/down.sql
        """)).singleElement().asString().startsWith("s.yaml:5 database.knownGood: required unless database.captureRole");
    assertThat(problems("""
        database:
          url: jdbc:postgresql://staging-db/app?password=hunter2
          schema: db/v1.sql
          migration: db/up.sql
          down: db/down.sql
          knownGood: db/kg.sql
        """)).containsExactlyInAnyOrder(
            "s.yaml:6 database.url: must not hold a password: name it with database.password (env or secret)",
            "s.yaml:5 database.user: required with database.url: where the drill takes it from (env: NAME, or secret: NAME"
                + " and key: KEY)",
            "s.yaml:5 database.password: required with database.url: where the drill takes it from (env: NAME, or"
                + " secret: NAME and key: KEY)",
            "s.yaml:7 database.schema: only for the throwaway PostgreSQL (no database.url): a drill never creates tables"
                + " on a server it does not own");
    assertThat(problems("""
        database:
          user: {env: U}
          migration: db/up.sql
          down: db/down.sql
          knownGood: db/kg.sql
        """)).containsExactly("s.yaml:6 database.user: not with the throwaway PostgreSQL (no database.url): the drill"
            + " makes its own credentials");
  }

  @Test
  void aMigrationShipsWithANewRevisionAndTheDemoDbFixtureNeedsTheThrowawayServer() throws Exception {
    Path file = Files.writeString(dir.resolve("s.yaml"), BASE.replace("DATABASE\n", "")
        .replace("  deployment: demo\n", "  deployment: demo\n  fixture: demo-db\n"));
    try {
      ScenarioLoader.load(file);
      throw new AssertionError("expected problems");
    } catch (ScenarioException e) {
      SchemaAgreement.assertAgrees(file, e.problems());
      assertThat(e.problems()).extracting(p -> p.field() + ": " + p.message()).containsExactly(
          "database: required with target.fixture demo-db: the demo reads the drill's own database on the throwaway"
              + " PostgreSQL");
    }
  }
}
