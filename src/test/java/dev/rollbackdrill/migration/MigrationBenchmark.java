package dev.rollbackdrill.migration;

import dev.rollbackdrill.database.Database;
import dev.rollbackdrill.database.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Migration benchmark (not a timed test; run by {@code ci/bench/migration-benchmark.sh}): the static
 * check of a generated migration of N statements of every kind, and the live check of M generated
 * known-good statements against a migration of 40 tables on the throwaway PostgreSQL. Prints the
 * first (cold) run and the median of the warm runs. Targets: static under 1 s for 1,000, live under
 * 2 s for 200.
 */
public final class MigrationBenchmark {

  private static final int TABLES = 40;

  private MigrationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int statements = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int knownGood = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;

    String migration = staticMigration(statements);
    double[] staticTimes = new double[runs + 1];
    int findings = 0;
    for (int i = 0; i <= runs; i++) {
      long t = System.nanoTime();
      findings = MigrationCheck.check(migration).size();
      staticTimes[i] = (System.nanoTime() - t) / 1e9;
    }
    print("static check", statements + " statements (" + findings + " findings)", staticTimes);

    Database server = new EmbeddedPostgres(Path.of(System.getProperty("rollbackdrill.home", "."))).up(System.err).database();
    String name = "bench_" + ProcessHandle.current().pid();
    try (Connection c = server.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    Database db = new Database(server.url().substring(0, server.url().lastIndexOf('/') + 1) + name, server.user(), server.password());
    try {
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        for (int t = 0; t < TABLES; t++) {
          s.execute("CREATE TABLE t" + t + " (id bigint PRIMARY KEY, name text NOT NULL, email text, amount bigint, created timestamptz)");
        }
      }
      SqlFile live = SqlFile.of("migration.sql", liveMigration());
      SqlFile kg = SqlFile.of("known-good.sql", knownGood(knownGood));
      double[] liveTimes = new double[runs + 1];
      LiveCheck.Result r = null;
      for (int i = 0; i <= runs; i++) {
        try (Connection c = db.connect()) {
          long t = System.nanoTime();
          r = LiveCheck.run(c, List.of(live), List.of(kg));
          liveTimes[i] = (System.nanoTime() - t) / 1e9;
        }
      }
      print("live check", knownGood + " known-good statements, " + live.statements().size() + " migration statements ("
          + r.count(LiveCheck.Status.BREAKS) + " break, " + r.count(LiveCheck.Status.TYPES_CHANGED) + " other types, "
          + r.count(LiveCheck.Status.OK) + " ok)", liveTimes);
    } finally {
      try (Connection c = server.connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private static void print(String what, String size, double[] times) {
    double[] warm = Arrays.copyOfRange(times, 1, times.length);
    Arrays.sort(warm);
    double median = warm.length == 0 ? times[0] : warm[warm.length / 2];
    System.out.printf("%-13s %s: first run %.3f s, median of %d warm runs %.3f s%n", what, size, times[0], warm.length, median);
  }

  /** Every kind the static check knows, in turn: additive, breaking, and statements it does not understand. */
  public static String staticMigration(int n) {
    String[] kinds = {
      "ALTER TABLE t%1$d ADD COLUMN c%2$d text",
      "CREATE INDEX CONCURRENTLY i%2$d ON t%1$d (name)",
      "ALTER TABLE t%1$d RENAME COLUMN email TO e%2$d",
      "ALTER TABLE t%1$d DROP COLUMN c%2$d",
      "ALTER TABLE t%1$d ALTER COLUMN amount TYPE DECIMAL(19,4)",
      "ALTER TABLE t%1$d ALTER COLUMN name SET NOT NULL",
      "ALTER TABLE t%1$d ADD COLUMN n%2$d int NOT NULL",
      "CREATE TABLE x%2$d (id bigint PRIMARY KEY, body jsonb, at timestamptz DEFAULT now())",
      "UPDATE t%1$d SET email = lower(email) WHERE id > %2$d",
      "DO $$ BEGIN PERFORM %2$d; END $$",
    };
    StringBuilder b = new StringBuilder("-- generated: ").append(n).append(" statements\n");
    for (int i = 0; i < n; i++) {
      b.append(String.format(kinds[i % kinds.length], i % TABLES, i)).append(";\n");
    }
    return b.toString();
  }

  /** A release touching every table: a rename on a quarter of them, a type change on another quarter, additive on the rest. */
  static String liveMigration() {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < TABLES; t++) {
      out.add(switch (t % 4) {
        case 0 -> "ALTER TABLE t" + t + " RENAME COLUMN email TO primary_email";
        case 1 -> "ALTER TABLE t" + t + " ALTER COLUMN amount TYPE DECIMAL(19,4)";
        default -> "ALTER TABLE t" + t + " ADD COLUMN note text";
      });
    }
    return String.join(";\n", out) + ";\n";
  }

  static String knownGood(int n) {
    String[] kinds = {
      "SELECT id, name, email FROM t%d WHERE id = $1",
      "SELECT count(*) FROM t%d WHERE created > $1",
      "INSERT INTO t%d (id, name, email, amount) VALUES ($1, $2, $3, $4) RETURNING id",
      "UPDATE t%d SET name = $1 WHERE email = $2",
      "DELETE FROM t%d WHERE id = $1",
    };
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(String.format(kinds[i % kinds.length], (i / kinds.length) % TABLES)).append(";\n");
    }
    return b.toString();
  }
}
