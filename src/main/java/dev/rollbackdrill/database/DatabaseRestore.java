package dev.rollbackdrill.database;

import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.migration.DataFingerprint;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way a release's database is put back, by a drill and by {@code drill recover}: when the
 * database's fingerprint differs from the one recorded before the drill changed anything, run the
 * team's down-migration (committed, in one transaction, timed), then require the fingerprint to
 * match. A database already as found is left alone, so a retry, or a recover after a drill that
 * died before migrating, changes nothing.
 */
public final class DatabaseRestore {

  private final DrillDatabase database;
  private final MigrationStep down;

  public DatabaseRestore(DrillDatabase database, MigrationStep down) {
    this.database = database;
    this.down = down;
  }

  /** For {@code drill recover}: the restore a drill's lease asks for, as one retried attempt. */
  public static dev.rollbackdrill.guard.Recovery.DatabasePutBack forRecovery() {
    return (record, client, namespace) -> {
      DatabaseRestore r = of(record, client, namespace);
      return () -> r.putBack(record.fingerprint());
    };
  }

  /** The restore that {@code record} (a drill's lease) asks for: its scenario's database and down-migration, read again. */
  public static DatabaseRestore of(KnownGood.Database record, KubernetesClient client, String namespace)
      throws ProcedureException {
    try {
      Scenario s = ScenarioLoader.load(Path.of(record.scenarioFile()));
      if (s.database() == null) {
        throw new ProcedureException(record.scenarioFile() + " has no database section any more: put the database back"
            + " by hand", null);
      }
      DrillDatabase db = DrillDatabase.of(s.database(), client, namespace);
      return new DatabaseRestore(db, db.down());
    } catch (ScenarioException | DatabaseException e) {
      throw new ProcedureException("cannot read how to put the database back from " + record.scenarioFile() + ": "
          + e.getMessage(), null);
    }
  }

  /**
   * One attempt: nothing when the database matches {@code fingerprint}; else the down-migration,
   * after which it must match. Returns what it did, or null.
   */
  public String putBack(String fingerprint) throws ProcedureException {
    Database db;
    try {
      db = database.database();
    } catch (DatabaseException e) {
      throw new ProcedureException("the database cannot be reached: " + e.getMessage(), null);
    }
    try (Connection c = db.connect()) {
      if (DataFingerprint.read(c).digest().equals(fingerprint)) {
        return null;
      }
      long start = System.nanoTime();
      Optional<String> failed;
      try {
        failed = down.apply(db);
      } catch (DatabaseException e) {
        throw new ProcedureException("the down-migration could not run: " + e.getMessage(), null);
      }
      if (failed.isPresent()) {
        throw new ProcedureException("the down-migration fails: " + failed.get()
            + "; the database is not as found", null);
      }
      String took = Durations.format(Duration.ofNanos(System.nanoTime() - start));
      if (!DataFingerprint.read(c).digest().equals(fingerprint)) {
        throw new ProcedureException("the down-migration ran (" + took + ") but the database is still not as found"
            + " (schema, row counts or checksums differ)", null);
      }
      return "down-migration applied: " + down.describe() + " in " + took + "; the database is as found";
    } catch (SQLException e) {
      throw new ProcedureException("the database " + db.describe() + ": " + e.getMessage(), null);
    }
  }
}
