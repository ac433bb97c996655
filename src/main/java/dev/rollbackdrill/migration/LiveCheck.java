package dev.rollbackdrill.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;

/**
 * The live compatibility check: in one transaction that is always rolled back (PostgreSQL's DDL is
 * transactional), apply the candidate's migration, then prepare every statement the known-good
 * version runs against the migrated schema, and say which ones break with PostgreSQL's own error.
 * Each known-good statement is first prepared against the schema as it was, so a statement that
 * never worked is reported as such and not blamed on the migration. Nothing is committed; the
 * migration's locks are held only for the check and waited for at most {@link #LOCK_TIMEOUT}, so it
 * is safe to run against staging.
 */
public final class LiveCheck {

  /** How long a migration statement may wait for a lock a running application holds. */
  public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** Only these can be prepared (PostgreSQL's PREPARE); any other known-good statement is not checked, and said so. */
  private static final Pattern PREPARABLE =
      Pattern.compile("(?is)^\\s*\\(*\\s*(select|insert|update|delete|merge|values|with|table)\\b.*");
  private static final Pattern TRANSACTION_CONTROL =
      Pattern.compile("(?is)^\\s*(begin|commit|end|start\\s+transaction|rollback)\\b.*");
  private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\s+concurrently\\b");

  public enum Status {
    /** Prepares on the migrated schema. */
    OK("ok"),
    /** Prepared before the migration and not after it: the known-good version breaks. */
    BREAKS("breaks"),
    /** Prepares after the migration, but takes or returns other types than before (a type change). */
    TYPES_CHANGED("prepares, but its types changed"),
    /** Did not prepare on the schema as it was either: not the migration's doing. */
    FAILS_BEFORE("fails before the migration too"),
    /** Not a statement PREPARE takes (DDL, SET, ...). */
    NOT_CHECKED("not checked");

    private final String words;

    Status(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /**
   * One known-good statement and what became of it; {@code error} is PostgreSQL's message, why it
   * was not checked, or which types changed; {@code types} its parameter and result types where it
   * prepared ({@code ($1 bigint) -> id bigint, amount numeric(19,4)}); {@code unnamedRequired} the NOT NULL
   * columns without default an INSERT does not name ({@link RequiredColumns}).
   */
  public record Outcome(String file, int line, String sql, Status status, String error, String types,
      List<String> unnamedRequired) {

    public Outcome(String file, int line, String sql, Status status, String error, String types) {
      this(file, line, sql, status, error, types, List.of());
    }

    /** {@code file:line statement: error} on one line, as messages name a statement that fails. */
    public String describe() {
      return file + ":" + line + " " + SqlScript.oneLine(sql) + (error == null ? "" : ": " + error);
    }
  }

  /** A migration statement that failed, with PostgreSQL's error: the migration itself does not apply. */
  public record MigrationFailure(String file, int line, String sql, String error) {}

  /**
   * What the check found: notes on how the migration was applied (statements adapted or skipped
   * because the check is one transaction), the failure that stopped it if any, the schema diff,
   * and one outcome per known-good statement (empty when the migration failed).
   */
  public record Result(int applied, List<String> notes, Optional<MigrationFailure> failure, List<String> schemaDiff,
      List<Outcome> knownGood) {

    public long count(Status status) {
      return knownGood.stream().filter(o -> o.status() == status).count();
    }

    /** True when the migration applied and every known-good statement that worked before works after it, with the same types. */
    public boolean compatible() {
      return failure.isEmpty() && count(Status.BREAKS) == 0 && count(Status.TYPES_CHANGED) == 0;
    }
  }

  private LiveCheck() {}

  /**
   * Runs the check on {@code connection} (its auto-commit is switched off for the check and put back)
   * and rolls everything back, whatever happens.
   */
  public static Result run(Connection connection, List<SqlFile> migration, List<SqlFile> knownGood) throws SQLException {
    return run(connection, List.of(), migration, knownGood);
  }

  /**
   * As {@link #run(Connection, List, List)}, on a schema that {@code schema} first creates in the same
   * transaction (the known-good version's schema file, so an empty database can answer): nothing of
   * it is kept either. A schema statement that fails is reported as a migration failure of that file.
   */
  public static Result run(Connection connection, List<SqlFile> schema, List<SqlFile> migration, List<SqlFile> knownGood)
      throws SQLException {
    return inTransaction(connection, r -> false, c -> {
      execute(c, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'");
      List<String> schemaNotes = new ArrayList<>();
      for (SqlFile file : schema) {
        for (SqlScript.Statement s : file.statements()) {
          Optional<MigrationFailure> failed = apply(c, file.name(), s, schemaNotes);
          if (failed.isPresent()) {
            return new Result(0, schemaNotes, failed, List.of(), List.of());
          }
        }
      }
      List<Outcome> before = prepareAll(c, knownGood, null);
      SchemaSnapshot was = SchemaSnapshot.read(c);
      List<String> notes = new ArrayList<>();
      int applied = 0;
      for (SqlFile file : migration) {
        for (SqlScript.Statement s : file.statements()) {
          Optional<MigrationFailure> failed = apply(c, file.name(), s, notes);
          if (failed.isPresent()) {
            return new Result(applied, notes, failed, List.of(), List.of());
          }
          applied += TRANSACTION_CONTROL.matcher(s.sql()).matches() ? 0 : 1;
        }
      }
      List<String> diff = was.diff(SchemaSnapshot.read(c));
      return new Result(applied, notes, Optional.empty(), diff, prepareAll(c, knownGood, before));
    });
  }

  /**
   * Prepares the statements on the schema as it is now, in a transaction that is rolled back: an
   * outcome of {@link Status#FAILS_BEFORE} is one that does not prepare here.
   */
  public static List<Outcome> prepareNow(Connection connection, List<SqlFile> statements) throws SQLException {
    return inTransaction(connection, r -> false, c -> prepareAll(c, statements, null));
  }

  /**
   * Applies the statements for real, in one transaction that is committed only if every one
   * succeeded (a migration or a down-migration as a drill runs it); the failure, if one failed and
   * everything was rolled back.
   */
  public static Optional<MigrationFailure> applyCommitted(Connection connection, List<SqlFile> files) throws SQLException {
    return inTransaction(connection, Optional::isEmpty, c -> {
      execute(c, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT.toMillis() + "ms'");
      List<String> notes = new ArrayList<>();
      for (SqlFile file : files) {
        for (SqlScript.Statement s : file.statements()) {
          Optional<MigrationFailure> failed = apply(c, file.name(), s, notes);
          if (failed.isPresent()) {
            return failed;
          }
        }
      }
      return Optional.empty();
    });
  }

  /** Work done in one transaction on a connection. */
  @FunctionalInterface
  private interface Work<T> {
    T in(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} with auto-commit off, commits when {@code commit} says so of its result and
   * rolls back otherwise (also when it throws), and puts auto-commit back as it was.
   */
  private static <T> T inTransaction(Connection c, Predicate<T> commit, Work<T> work) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    boolean committed = false;
    try {
      T result = work.in(c);
      if (commit.test(result)) {
        c.commit();
        committed = true;
      }
      return result;
    } finally {
      try {
        if (!committed) {
          c.rollback();
        }
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static Optional<MigrationFailure> apply(Connection c, String file, SqlScript.Statement s, List<String> notes)
      throws SQLException {
    String sql = s.sql();
    String where = file + ":" + s.line();
    if (TRANSACTION_CONTROL.matcher(sql).matches()) {
      notes.add(where + "  skipped " + firstWords(sql) + ": the check runs the whole migration in one transaction");
      return Optional.empty();
    }
    if (CONCURRENTLY.matcher(sql).find()) {
      sql = CONCURRENTLY.matcher(sql).replaceFirst("");
      notes.add(where + "  ran without CONCURRENTLY (it cannot run in a transaction; the schema it leaves is the same)");
    }
    try {
      execute(c, sql);
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(new MigrationFailure(file, s.line(), s.sql(), message(e)));
    }
  }

  /** Prepares each statement in a savepoint; with {@code before}, a failure is a break only if it prepared there. */
  private static List<Outcome> prepareAll(Connection c, List<SqlFile> files, List<Outcome> before) throws SQLException {
    List<Outcome> out = new ArrayList<>();
    int n = 0;
    for (SqlFile file : files) {
      for (SqlScript.Statement s : file.statements()) {
        Outcome was = before == null ? null : before.get(n);
        out.add(prepare(c, file.name(), s, n++, was));
      }
    }
    return out;
  }

  private static Outcome prepare(Connection c, String file, SqlScript.Statement s, int n, Outcome before)
      throws SQLException {
    if (!PREPARABLE.matcher(s.sql()).matches()) {
      return new Outcome(file, s.line(), s.sql(), Status.NOT_CHECKED,
          firstWords(s.sql()) + " is not a statement PostgreSQL can prepare (only SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES)",
          null);
    }
    if (before != null && before.status() != Status.OK) {
      return before;
    }
    String name = "rbd_known_good_" + n;
    Savepoint point = c.setSavepoint();
    try {
      execute(c, "PREPARE " + name + " AS " + s.sql());
      String types = types(c, name);
      execute(c, "DEALLOCATE " + name);
      List<String> unnamed = RequiredColumns.unnamed(c, s.sql());
      c.releaseSavepoint(point);
      if (before != null && !types.equals(before.types())) {
        return new Outcome(file, s.line(), s.sql(), Status.TYPES_CHANGED, before.types() + "  became  " + types, types);
      }
      if (before != null && !unnamed.isEmpty() && !unnamed.equals(before.unnamedRequired())) {
        String column = unnamed.stream().filter(u -> !before.unnamedRequired().contains(u)).findFirst().orElse(unnamed.get(0));
        return new Outcome(file, s.line(), s.sql(), Status.BREAKS, "the INSERT does not name \"" + column
            + "\", now NOT NULL without a default: every row it inserts fails (null value violates not-null constraint)",
            types, unnamed);
      }
      return new Outcome(file, s.line(), s.sql(), Status.OK, null, types, unnamed);
    } catch (SQLException e) {
      c.rollback(point);
      return new Outcome(file, s.line(), s.sql(), before == null ? Status.FAILS_BEFORE : Status.BREAKS, message(e), null);
    }
  }

  /**
   * A prepared statement's parameter types (from {@code pg_prepared_statements}) and result columns
   * (the server's description of {@code EXECUTE name(NULL, ...)}: described, never executed).
   */
  private static String types(Connection c, String name) throws SQLException {
    List<String> params = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          for (Object t : (Object[]) rs.getArray(1).getArray()) {
            params.add("$" + (params.size() + 1) + " " + t);
          }
        }
      }
    }
    List<String> results = new ArrayList<>();
    String nulls = params.isEmpty() ? "" : "(" + String.join(", ", Collections.nCopies(params.size(), "NULL")) + ")";
    try (PreparedStatement ps = c.prepareStatement("EXECUTE " + name + nulls)) {
      ResultSetMetaData md = ps.getMetaData();
      for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
        results.add(md.getColumnLabel(i) + " " + typeName(md, i));
      }
    }
    return "(" + String.join(", ", params) + ")" + (results.isEmpty() ? "" : " -> " + String.join(", ", results));
  }

  private static String typeName(ResultSetMetaData md, int i) throws SQLException {
    String t = md.getColumnTypeName(i);
    return switch (t) {
      case "numeric" -> md.getPrecision(i) > 0 && md.getPrecision(i) < 1000 ? t + "(" + md.getPrecision(i) + "," + md.getScale(i) + ")" : t;
      case "varchar", "bpchar" -> md.getPrecision(i) > 0 && md.getPrecision(i) < Integer.MAX_VALUE ? t + "(" + md.getPrecision(i) + ")" : t;
      default -> t;
    };
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** PostgreSQL's own message ({@code column "email" does not exist}), without the driver's decoration. */
  static String message(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static String firstWords(String sql) {
    String[] words = sql.trim().split("\\s+", 3);
    String w = words.length > 1 && words[0].equalsIgnoreCase("start") ? words[0] + " " + words[1] : words[0];
    return w.toUpperCase(Locale.ROOT);
  }
}
