package dev.rollbackdrill.cli;

import dev.rollbackdrill.cluster.ClusterScripts;
import dev.rollbackdrill.database.Database;
import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.EmbeddedPostgres;
import dev.rollbackdrill.migration.LiveCheck;
import dev.rollbackdrill.migration.LiveCheck.Outcome;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.migration.SqlScript;
import dev.rollbackdrill.migration.StatementCapture;
import dev.rollbackdrill.yaml.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill db up|down|status|check}: the throwaway PostgreSQL, and the live migration check on any PostgreSQL. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = {
      "The database side of a release: does the known-good version still run after the migration?",
      "`check` applies the migration in a transaction that is rolled back, prepares every statement",
      "the known-good version runs against the migrated schema and reports which break, with",
      "PostgreSQL's own error, and the schema diff. Nothing is committed, so it is safe on staging.",
      "Without --url it uses a throwaway PostgreSQL on this machine (Debian's package), started on",
      "demand and stopped by `drill db down` or `drill cluster down`.",
      "",
      "Examples:",
      "  drill db check --schema db/v1-schema.sql --migration db/V2__rename_email.sql --known-good db/v1-statements.sql",
      "  PGUSER=drill PGPASSWORD=... drill db check --url jdbc:postgresql://staging-db:5432/app \\",
      "      --migration db/V2__rename_email.sql --capture-role app",
      "  drill db down"
    },
    subcommands = {DbCommand.Up.class, DbCommand.Down.class, DbCommand.Status.class, DbCommand.Check.class})
final class DbCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static EmbeddedPostgres embedded() {
    return new EmbeddedPostgres(ClusterScripts.folder());
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start the throwaway PostgreSQL (idempotent); prints its JDBC URL and user.")
  static final class Up implements Callable<Integer> {
    @Override
    public Integer call() {
      try {
        Database db = embedded().up(System.err).database();
        System.out.println(db.describe());
        return Main.OK;
      } catch (DatabaseException e) {
        System.err.println("drill: " + e.getMessage());
        return Main.ENVIRONMENT;
      }
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop the throwaway PostgreSQL and delete its data; nothing is left running.")
  static final class Down implements Callable<Integer> {
    @Override
    public Integer call() {
      try {
        embedded().down(System.err);
        return Main.OK;
      } catch (DatabaseException e) {
        System.err.println("drill: " + e.getMessage());
        return Main.ENVIRONMENT;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Exit 0 when the throwaway PostgreSQL answers.")
  static final class Status implements Callable<Integer> {
    @Override
    public Integer call() {
      return embedded().status(System.out) ? Main.OK : Main.ENVIRONMENT;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Apply a migration in a rolled-back transaction and prepare the known-good version's",
          "statements against the result; report each that breaks as file:line with PostgreSQL's error."},
      footer = {"", "Statements are PostgreSQL's, with $1, $2 for parameters (as pg_stat_statements writes them).",
          "Only SELECT, INSERT, UPDATE, DELETE, MERGE and VALUES can be prepared; others are listed as not checked.",
          "Each known-good statement is also prepared before the migration: one that fails there is not blamed on it.",
          "An INSERT that does not name a new NOT NULL column without default breaks, and so does a statement",
          "whose parameter or result types changed (a type change): the previous version would read them wrong.",
          "", "Exit codes: 0 every known-good statement still prepares, 1 one breaks or the migration itself fails,",
          "2 a file has problems, 3 the database cannot be reached."})
  static final class Check implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--migration", required = true, paramLabel = "FILE",
        description = "The candidate's migration (repeat for several files, applied in the order given).")
    List<Path> migration;

    @Option(names = "--known-good", paramLabel = "FILE",
        description = "The statements the known-good version runs, one per semicolon (repeatable).")
    List<Path> knownGood = new ArrayList<>();

    @Option(names = "--capture-role", paramLabel = "ROLE",
        description = "Also check what ROLE (the known-good version's database user) ran, from pg_stat_statements.")
    String captureRole;

    @Option(names = "--schema", paramLabel = "FILE",
        description = "Create the known-good schema first, in the same rolled-back transaction (for an empty database).")
    List<Path> schema = new ArrayList<>();

    @Option(names = "--url", paramLabel = "JDBC_URL",
        description = "The server to check on, e.g. jdbc:postgresql://staging-db:5432/app (default: the throwaway one).")
    String url;

    @Option(names = "--user-env", paramLabel = "VAR", defaultValue = "PGUSER",
        description = "Environment variable holding the user for --url (default: ${DEFAULT-VALUE}).")
    String userEnv;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "PGPASSWORD",
        description = "Environment variable holding the password for --url (default: ${DEFAULT-VALUE}); never printed.")
    String passwordEnv;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (knownGood.isEmpty() && captureRole == null) {
        err.println("drill: nothing to check against: give --known-good FILE or --capture-role ROLE");
        return Main.BAD_INPUT;
      }
      List<Problem> problems = new ArrayList<>();
      List<SqlFile> schemaFiles = read(schema, problems);
      List<SqlFile> migrationFiles = read(migration, problems);
      List<SqlFile> knownGoodFiles = read(knownGood, problems);
      if (!problems.isEmpty()) {
        problems.forEach(err::println);
        return Main.BAD_INPUT;
      }
      Database db;
      try {
        db = url == null ? embedded().up(System.err).database()
            : new Database(url, System.getenv(userEnv), System.getenv(passwordEnv));
      } catch (DatabaseException | IllegalArgumentException e) {
        err.println("drill: " + e.getMessage());
        return e instanceof DatabaseException ? Main.ENVIRONMENT : Main.BAD_INPUT;
      }
      try (Connection c = db.connect()) {
        if (captureRole != null) {
          if (!StatementCapture.available(c)) {
            err.println("drill: " + db.describe() + " has no pg_stat_statements extension: give --known-good FILE instead");
            return Main.ENVIRONMENT;
          }
          StatementCapture.Captured captured = StatementCapture.of(c, captureRole);
          captured.problems().forEach(p -> err.println("drill: " + p));
          out.println("captured " + captured.statements().statements().size() + " statement(s) " + captureRole
              + " ran, from pg_stat_statements");
          knownGoodFiles.add(captured.statements());
        }
        LiveCheck.Result r = LiveCheck.run(c, schemaFiles, migrationFiles, knownGoodFiles);
        print(out, db, r);
        return r.compatible() ? Main.OK : Main.DRILL_FAILED;
      } catch (SQLException e) {
        err.println("drill: " + db.describe() + ": " + e.getMessage());
        return Main.ENVIRONMENT;
      }
    }

    private static List<SqlFile> read(List<Path> files, List<Problem> problems) {
      List<SqlFile> out = new ArrayList<>();
      for (Path f : files) {
        SqlFile sql = SqlFile.read(f, problems);
        if (sql != null) {
          out.add(sql);
        }
      }
      return out;
    }

    private static void print(PrintWriter out, Database db, LiveCheck.Result r) {
      out.println("checked on " + db.describe() + " in one transaction, rolled back: nothing was committed");
      r.notes().forEach(n -> out.println("  " + n));
      if (r.failure().isPresent()) {
        LiveCheck.MigrationFailure f = r.failure().get();
        out.println(f.file() + ":" + f.line() + "  the migration fails: " + f.error());
        out.println("    " + SqlScript.oneLine(f.sql()));
        out.println("the migration does not apply (after " + r.applied() + " statement(s)); fix it before drilling its rollback");
        return;
      }
      out.println("schema after " + r.applied() + " migration statement(s):"
          + (r.schemaDiff().isEmpty() ? " unchanged" : ""));
      r.schemaDiff().forEach(d -> out.println("  " + d));
      for (Outcome o : r.knownGood()) {
        out.println(o.file() + ":" + o.line() + "  " + o.status().words() + (o.error() == null ? "" : ": " + o.error()));
        if (o.status() != LiveCheck.Status.OK) {
          out.println("    " + SqlScript.oneLine(o.sql()));
        }
      }
      long breaks = r.count(LiveCheck.Status.BREAKS) + r.count(LiveCheck.Status.TYPES_CHANGED);
      out.println(r.knownGood().size() + " known-good statement(s): " + r.count(LiveCheck.Status.BREAKS) + " break, "
          + r.count(LiveCheck.Status.TYPES_CHANGED) + " with other types, " + r.count(LiveCheck.Status.OK) + " ok, "
          + r.count(LiveCheck.Status.FAILS_BEFORE) + " failed before the migration too, "
          + r.count(LiveCheck.Status.NOT_CHECKED) + " not checked"
          + (breaks > 0 ? ": the known-good version cannot run after this migration; roll forward, or split it (expand now,"
              + " contract in a later release)" : ": the known-good version still runs on the migrated schema"));
    }
  }
}
