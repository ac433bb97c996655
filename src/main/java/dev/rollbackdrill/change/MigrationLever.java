package dev.rollbackdrill.change;

import dev.rollbackdrill.database.Database;
import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.DatabaseRestore;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.database.MigrationStep;
import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.guard.RolloutHistory;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.migration.DataFingerprint;
import dev.rollbackdrill.migration.LiveCheck;
import dev.rollbackdrill.migration.MigrationCheck;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.migration.StatementCapture;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.DatabaseSection;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.timing.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A release that brings a database migration: the revision lever it wraps, with the migration
 * applied (committed, in one transaction) just before the candidate is deployed. Preflight checks
 * the migration statically and live (rolled back) and fingerprints the database; when the
 * known-good version then cannot become healthy and its statements no longer prepare on the
 * migrated schema, the drill ends {@link ForwardOnly}, naming them. Whatever happened, the
 * restore runs the team's down-migration first (timed) and then puts the code back, and after
 * the drill the database must match its fingerprint: schema, row counts and checksums.
 */
final class MigrationLever implements Lever {

  private final Lever code;
  private final DrillDatabase database;
  /** The scenario file, absolute, for the record {@code drill recover} restores from. */
  private final String scenarioFile;
  private final DatabaseSection section;
  private final Ticker ticker;
  private final Consumer<String> say;

  private MigrationStep migration;
  private DatabaseRestore restore;
  private List<SqlFile> knownGood;
  /**
   * The known-good statements as preflight saw them: after the migration in the live check, or
   * (a migration command, which cannot be tried beforehand) on the schema as found.
   */
  private List<LiveCheck.Outcome> preflightOutcomes;
  private DataFingerprint before;
  private volatile boolean migrated;
  private volatile boolean downDone;

  MigrationLever(Lever code, DrillDatabase database, java.nio.file.Path scenarioFile, Ticker ticker, Consumer<String> say) {
    this.code = code;
    this.database = database;
    this.scenarioFile = scenarioFile == null ? null : scenarioFile.toAbsolutePath().normalize().toString();
    this.section = database.section();
    this.ticker = ticker;
    this.say = say;
  }

  @Override
  public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout,
      Function<TargetWatch.Snapshot, String> describe) throws DrillFailure {
    String detail = code.preflight(watch, knownGoodHash, timeout, describe);
    Database db = open();
    try (Connection c = db.connect()) {
      migration = database.migration();
      restore = new DatabaseRestore(database, database.down());
      knownGood = new ArrayList<>(DrillDatabase.read(section.knownGood()));
      if (section.captureRole() != null) {
        knownGood.add(StatementCapture.of(c, section.captureRole()).statements());
      }
      String live;
      if (migration.sqlFiles() == null) {
        preflightOutcomes = LiveCheck.prepareNow(c, knownGood);
        live = "the migration is the team's command: not checked statically or live beforehand; the known-good"
            + " statements are checked on the schema it leaves";
      } else {
        long breaking = migration.sqlFiles().stream().flatMap(f -> MigrationCheck.check(f).stream())
            .filter(f -> f.kind() == MigrationCheck.Kind.BREAKING).count();
        LiveCheck.Result prediction = LiveCheck.run(c, migration.sqlFiles(), knownGood);
        if (prediction.failure().isPresent()) {
          LiveCheck.MigrationFailure f = prediction.failure().get();
          throw new DrillFailure("preflight: the migration does not apply (" + f.file() + ":" + f.line() + ": "
              + f.error() + "); nothing was changed");
        }
        preflightOutcomes = prediction.knownGood();
        long broken = prediction.count(LiveCheck.Status.BREAKS) + prediction.count(LiveCheck.Status.TYPES_CHANGED);
        live = breaking + " breaking for the previous version statically; " + (broken == 0
            ? "the live check finds every known-good statement still prepares"
            : "the live check predicts forward-only: " + broken + " of " + prediction.knownGood().size()
                + " known-good statements break (" + firstBreak(prediction.knownGood()) + ")");
      }
      before = DataFingerprint.read(c);
      say.accept("database " + db.describe() + ": " + before.describe());
      String dbDetail = "migration " + migration.describe() + ", " + live;
      return detail == null ? dbDetail : detail + "; " + dbDetail;
    } catch (SQLException | DatabaseException e) {
      throw new DrillFailure("preflight: database " + db.describe() + ": " + e.getMessage());
    }
  }

  @Override
  public String prepare(RolloutHistory history) {
    return code.prepare(history);
  }

  /** The migration, committed, then the candidate: a release as the team ships it. */
  @Override
  public void apply(TargetWatch watch) throws DrillFailure {
    Database db = open();
    long start = ticker.nanos();
    // A command may change the database even when it fails: from here on, the restore compares.
    migrated = true;
    Optional<String> failed;
    try {
      failed = migration.apply(db);
    } catch (DatabaseException e) {
      throw new DrillFailure("deploy: the migration could not run: " + e.getMessage());
    }
    if (failed.isPresent()) {
      throw new DrillFailure("deploy: the migration fails: " + failed.get() + "; the candidate was not deployed");
    }
    say.accept("migration applied and committed: " + migration.describe() + " in "
        + Durations.format(Duration.ofNanos(ticker.nanos() - start)));
    code.apply(watch);
  }

  @Override
  public String awaitApplied(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe)
      throws DrillFailure {
    return code.awaitApplied(watch, timeout, describe);
  }

  @Override
  public long appliedAt() {
    return code.appliedAt();
  }

  @Override
  public String candidateHash() {
    return code.candidateHash();
  }

  @Override
  public RevisionRef candidate() {
    return code.candidate();
  }

  @Override
  public ProcedureContext.ServiceSelector selector() {
    return code.selector();
  }

  @Override
  public ProcedureContext.FlagSetting flag() {
    return code.flag();
  }

  @Override
  public KnownGood.Database database() {
    return before == null ? null : new KnownGood.Database(scenarioFile, before.digest());
  }

  @Override
  public long awaitAccepted(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
    return code.awaitAccepted(watch, timeout, describe);
  }

  @Override
  public String acceptedDetail(TargetWatch watch) {
    return code.acceptedDetail(watch);
  }

  @Override
  public boolean unchanged(TargetWatch.Snapshot snap) {
    return code.unchanged(snap);
  }

  @Override
  public long awaitHealthy(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
    return code.awaitHealthy(watch, timeout, describe);
  }

  /** Healthy never came (the rollout or the HTTP checks): whether the migration is why. */
  @Override
  public RuntimeException whyNotHealthy(GateException e) {
    List<LiveCheck.Outcome> now = brokenNow();
    if (now.isEmpty()) {
      return code.whyNotHealthy(e);
    }
    return new ForwardOnly("healthy: blocked by the migration: the known-good version cannot run on the migrated schema,"
        + " so rolling back the code does not restore service: " + firstBreak(now) + (now.size() > 1 ? " (and "
        + (now.size() - 1) + " more)" : "") + "; roll forward, or run the down-migration before rolling back the code ("
        + e.getMessage() + ")");
  }

  @Override
  public String healthyDetail(TargetWatch watch, long acceptedAt) {
    return code.healthyDetail(watch, acceptedAt);
  }

  @Override
  public boolean leavesChangeLive() {
    return code.leavesChangeLive();
  }

  @Override
  public boolean probesHttpItself() {
    return code.probesHttpItself();
  }

  @Override
  public String verify(TargetWatch watch) throws DrillFailure {
    String detail = code.verify(watch);
    List<LiveCheck.Outcome> now = brokenNow();
    if (!now.isEmpty()) {
      throw new DrillFailure("verify: healthy, but known-good statements do not prepare on the migrated schema: "
          + firstBreak(now));
    }
    return detail + "; every known-good statement prepares on the migrated schema";
  }

  @Override
  public String restoreDescription() {
    return (migrated ? "the database with the down-migration, then " : "") + code.restoreDescription();
  }

  @Override
  public String restoredWords() {
    return code.restoredWords() + (migrated ? ", the database put back by the down-migration" : "");
  }

  /** The database first (the down-migration, when it is not as found), so that the known-good code can run; then the code. */
  @Override
  public String putBack() throws ProcedureException, KnownGoodRestore.Gone {
    String did = down();
    String codeDid = code.putBack();
    return did == null ? codeDid : codeDid == null ? did : did + "; " + codeDid;
  }

  /** The database back as found through {@link DatabaseRestore}; says what it did, or null. */
  private synchronized String down() throws ProcedureException {
    if (!migrated || downDone) {
      return null;
    }
    String did = restore.putBack(before.digest());
    downDone = true;
    return did;
  }

  @Override
  public void awaitRestored(TargetWatch watch, Duration timeout, Function<TargetWatch.Snapshot, String> describe) {
    code.awaitRestored(watch, timeout, describe);
  }

  @Override
  public RevisionRef restoredRef(TargetWatch watch) {
    return code.restoredRef(watch);
  }

  /**
   * The code lever's own after-drill; the down-migration when no restore ran it (the known-good
   * version became healthy on the migrated schema); then the proof that the database is as found.
   */
  @Override
  public String afterDrill(Duration budget) {
    String left = code.afterDrill(budget);
    if (before == null) {
      return left;
    }
    String db;
    try {
      String did = down();
      if (did != null) {
        say.accept(did);
      }
    } catch (ProcedureException e) {
      return (left == null ? "" : left + "; ") + e.getMessage();
    }
    try (Connection c = open().connect()) {
      List<String> diff = DataFingerprint.read(c).differencesFrom(before);
      db = diff.isEmpty() ? null : "the database is not as found: " + String.join("; ", diff);
      if (db == null) {
        say.accept("database as found: schema identical; " + before.describe());
      }
    } catch (SQLException | DrillFailure e) {
      db = "the database could not be compared with how it was found: " + e.getMessage();
    }
    return left == null ? db : db == null ? left : left + "; " + db;
  }

  /** Known-good statements that prepared before the migration and do not prepare on the schema now. */
  private List<LiveCheck.Outcome> brokenNow() {
    if (!migrated || downDone || preflightOutcomes == null) {
      return List.of();
    }
    try (Connection c = open().connect()) {
      List<LiveCheck.Outcome> now = LiveCheck.prepareNow(c, knownGood);
      List<LiveCheck.Outcome> broken = new ArrayList<>();
      for (int i = 0; i < now.size(); i++) {
        LiveCheck.Status was = preflightOutcomes.get(i).status();
        boolean preparedBefore = was != LiveCheck.Status.FAILS_BEFORE && was != LiveCheck.Status.NOT_CHECKED;
        if (preparedBefore && now.get(i).status() == LiveCheck.Status.FAILS_BEFORE) {
          broken.add(now.get(i));
        }
      }
      return broken;
    } catch (SQLException | DrillFailure e) {
      say.accept("could not check the known-good statements on the migrated schema: " + e.getMessage());
      return List.of();
    }
  }

  private Database open() throws DrillFailure {
    try {
      return database.database();
    } catch (DatabaseException e) {
      throw new DrillFailure("preflight: " + e.getMessage());
    }
  }

  private static String firstBreak(List<LiveCheck.Outcome> outcomes) {
    return outcomes.stream().filter(o -> o.status() != LiveCheck.Status.OK && o.status() != LiveCheck.Status.NOT_CHECKED)
        .findFirst()
        .map(LiveCheck.Outcome::describe)
        .orElse("none");
  }

}
