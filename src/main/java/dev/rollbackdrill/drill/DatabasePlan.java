package dev.rollbackdrill.drill;

import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.migration.MigrationCheck;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.scenario.DatabaseSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The dry run's lines for a release's database: where it is, what the migration does to the
 * previous version (the static check, from the SQL alone; nothing connects), and how the drill
 * puts it back.
 */
final class DatabasePlan {

  private DatabasePlan() {}

  static List<String> lines(DatabaseSection db, String namespace) {
    if (db == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    out.add("  database: " + (db.throwaway()
        ? "the drill's own database " + new DrillDatabase(db, null, namespace).ownName() + " on the throwaway PostgreSQL,"
            + " made afresh from " + names(db.schema())
        : db.url() + " as " + db.user().describe() + " (password from " + db.password().describe() + ", never shown)"));
    if (db.migrationRun() != null) {
      out.add("  migration: the team's command `" + db.migrationRun() + "`, run in " + db.folder() + " before the"
          + " candidate; a command cannot be checked statically or live beforehand");
    }
    try {
      for (SqlFile f : DrillDatabase.read(db.migration())) {
        List<MigrationCheck.Finding> findings = MigrationCheck.check(f);
        long breaking = findings.stream().filter(x -> x.kind() == MigrationCheck.Kind.BREAKING).count();
        long unknown = findings.stream().filter(x -> x.kind() == MigrationCheck.Kind.NOT_UNDERSTOOD).count();
        out.add("  migration: " + f.name() + ", " + f.statements().size() + " statement(s) applied in one transaction"
            + " before the candidate; statically " + breaking + " breaking for the previous version, " + unknown
            + " not understood" + findings.stream().filter(x -> x.kind() == MigrationCheck.Kind.BREAKING)
                .map(x -> " (" + x.what() + ")").findFirst().orElse(""));
      }
    } catch (DatabaseException e) {
      out.add("  migration: " + e.getMessage());
    }
    out.add("  preflight: " + (db.migrationRun() != null ? "every known-good statement prepared on the schema as found, of "
        : "the live check (migration applied and rolled back) prepares every known-good statement of ")
        + (db.knownGood().isEmpty() ? "" : names(db.knownGood()))
        + (db.captureRole() == null ? "" : (db.knownGood().isEmpty() ? "" : " and ") + "what " + db.captureRole()
            + " ran (pg_stat_statements)")
        + "; a fingerprint of the database (schema, row counts, checksums) goes on the lease");
    String down = db.downRun() != null ? "`" + db.downRun() + "`" : names(db.down());
    out.add("  afterwards: the down-migration " + down + " when the database is not as found, then the"
        + " fingerprint must match; a known-good version that cannot run on the migrated schema ends FORWARD_ONLY");
    return out;
  }

  private static String names(List<Path> files) {
    return files.stream().map(Path::toString).collect(Collectors.joining(", "));
  }
}
