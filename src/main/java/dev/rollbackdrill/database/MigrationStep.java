package dev.rollbackdrill.database;

import dev.rollbackdrill.migration.LiveCheck;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.procedure.ShellCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A migration or down-migration as the team runs it: SQL files applied in one transaction that is
 * committed only if every statement succeeds, or the team's own command ({@code flyway migrate}),
 * run by {@code /bin/sh -c} in the scenario's folder with the database in the libpq variables
 * ({@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, {@code PGPASSWORD}) and as
 * {@code DRILL_DB_URL}, {@code DRILL_DB_USER} and {@code DRILL_DB_PASSWORD}.
 */
public final class MigrationStep {

  /** How long the team's command may take. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

  private final List<SqlFile> files;
  private final String run;
  private final Path folder;

  private MigrationStep(List<SqlFile> files, String run, Path folder) {
    this.files = files == null ? List.of() : List.copyOf(files);
    this.run = run;
    this.folder = folder;
  }

  public static MigrationStep files(List<SqlFile> files) {
    return new MigrationStep(files, null, null);
  }

  public static MigrationStep command(String run, Path folder) {
    return new MigrationStep(null, run, folder);
  }

  /** The files, or null for a command. */
  public List<SqlFile> sqlFiles() {
    return run == null ? files : null;
  }

  /** What it is, for a progress line: {@code 2 statement(s)} or {@code command flyway migrate}. */
  public String describe() {
    return run != null ? "command `" + run + "`" : files.stream().mapToInt(f -> f.statements().size()).sum() + " statement(s)";
  }

  /** Applies it to {@code db}; the failure (file:line and PostgreSQL's error, or the command's exit and last line), or empty. */
  public Optional<String> apply(Database db) throws DatabaseException {
    if (run == null) {
      try (Connection c = db.connect()) {
        return LiveCheck.applyCommitted(c, files).map(f -> f.file() + ":" + f.line() + ": " + f.error()
            + " (rolled back)");
      } catch (SQLException e) {
        throw new DatabaseException(db.describe() + ": " + e.getMessage(), e);
      }
    }
    ProcessBuilder pb = new ProcessBuilder(ShellCommand.diesWithHarness("/bin/sh", run)).directory(folder.toFile());
    pb.environment().putAll(db.libpqEnvironment());
    pb.environment().put("DRILL_DB_URL", db.url());
    if (db.user() != null) {
      pb.environment().put("DRILL_DB_USER", db.user());
    }
    if (db.password() != null) {
      pb.environment().put("DRILL_DB_PASSWORD", db.password());
    }
    try {
      ShellCommand.Result r = ShellCommand.run(pb, COMMAND_TIMEOUT);
      if (r.timedOut()) {
        return Optional.of("the command `" + run + "` timed out after 5 min and was killed");
      }
      return r.exit() == 0 ? Optional.empty()
          : Optional.of("the command `" + run + "` exited " + r.exit() + ": " + ShellCommand.lastLine(r.output()));
    } catch (IOException e) {
      throw new DatabaseException("the command `" + run + "` could not start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("interrupted while running `" + run + "`", e);
    }
  }
}
