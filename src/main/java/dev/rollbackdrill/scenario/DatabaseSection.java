package dev.rollbackdrill.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * A scenario's {@code database:} section: the release brings a migration (issue 14). {@code url}
 * names the server (JDBC); null means the throwaway PostgreSQL the project starts, on which the
 * drill owns a database of its own, created from {@code schema} before each drill. {@code migration}
 * is applied in order in one transaction before the candidate is deployed, and {@code down} (the
 * team's down-migration) is how the drill puts the database back afterwards, timed and checked:
 * schema, row counts and a checksum of every table as before. {@code knownGood} files hold what
 * the known-good version runs; {@code captureRole}, the role whose statements {@code
 * pg_stat_statements} adds in preflight. Files are resolved against the scenario's folder. Instead
 * of files, {@code migrationRun} and {@code downRun} are the team's own commands ({@code flyway
 * migrate}), run by {@code /bin/sh -c} in the scenario's {@code folder} with the database in the
 * libpq variables; a command's migration cannot be checked statically or live beforehand.
 */
public record DatabaseSection(
    String url,
    Credential user,
    Credential password,
    List<Path> schema,
    List<Path> migration,
    List<Path> down,
    List<Path> knownGood,
    String captureRole,
    String migrationRun,
    String downRun,
    Path folder) {

  /** Where a credential comes from: an environment variable of the harness, or a key of a Secret in the target's namespace. */
  public record Credential(String env, String secret, String key) {

    public String describe() {
      return env != null ? "$" + env : "secret " + secret + " key " + key;
    }
  }

  /** SQL files for both the migration and the down-migration. */
  public DatabaseSection(String url, Credential user, Credential password, List<Path> schema, List<Path> migration,
      List<Path> down, List<Path> knownGood, String captureRole) {
    this(url, user, password, schema, migration, down, knownGood, captureRole, null, null, null);
  }

  public DatabaseSection {
    schema = List.copyOf(schema);
    migration = List.copyOf(migration);
    down = List.copyOf(down);
    knownGood = List.copyOf(knownGood);
  }

  /** The migration as the record and the console name it: its files, or the command. */
  public String migrationName() {
    return migrationRun != null ? "command: " + migrationRun
        : String.join(", ", migration.stream().map(p -> p.getFileName().toString()).toList());
  }

  /** Whether the drill runs on the throwaway PostgreSQL (no {@code url}). */
  public boolean throwaway() {
    return url == null;
  }
}
