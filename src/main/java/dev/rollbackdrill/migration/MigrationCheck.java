package dev.rollbackdrill.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * The static check of a candidate's migration: whether the previous (known-good) version can still
 * run on the schema each statement leaves. Each statement is parsed by JSqlParser and classed
 * {@link Kind#ADDITIVE} (a new table, a nullable column or one with a default, an index, a relaxed
 * constraint), {@link Kind#BREAKING} (a rename or drop of a column or table, a type change, SET NOT
 * NULL, a NOT NULL column without default, a dropped default, a new constraint), each with an
 * expand/contract suggestion in one sentence, or {@link Kind#NOT_UNDERSTOOD}: said so, never
 * passed. Only the SQL is read; nothing connects to a database.
 */
public final class MigrationCheck {

  public enum Kind {
    ADDITIVE("additive"),
    BREAKING("breaking for the previous version"),
    NOT_UNDERSTOOD("not understood");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** What one statement does to the previous version: its kind, why, and for a breaking one how to expand and contract instead. */
  public record Finding(int line, String sql, Kind kind, String what, String suggestion) {}

  /** PostgreSQL's CONCURRENTLY changes locking, not the schema a statement leaves; JSqlParser does not read it everywhere. */
  private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\bconcurrently\\b");

  private MigrationCheck() {}

  /** Every statement of {@code script}, one finding each, in order. */
  public static List<Finding> check(String script) {
    return check(SqlScript.statements(script));
  }

  /** Every statement of the file, with its own line, one finding each, in order. */
  public static List<Finding> check(SqlFile file) {
    return check(file.statements());
  }

  private static List<Finding> check(List<SqlScript.Statement> statements) {
    List<Finding> out = new ArrayList<>();
    // JSqlParser runs each parse on an executor (to bound a runaway parse); one thread for the whole
    // file instead of one per statement, which made a 1,000-statement file twice as slow.
    ExecutorService parser = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "migration-check-parser");
      t.setDaemon(true);
      return t;
    });
    try {
      for (SqlScript.Statement s : statements) {
        out.addAll(check(s, parser));
      }
    } finally {
      parser.shutdownNow();
    }
    return out;
  }

  /** One finding per change the statement makes (an ALTER TABLE may make several). */
  static List<Finding> check(SqlScript.Statement s, ExecutorService parser) {
    Statement parsed;
    try {
      parsed = CCJSqlParserUtil.parse(CONCURRENTLY.matcher(s.sql()).replaceAll(" "), parser, p -> { });
    } catch (JSQLParserException | RuntimeException e) {
      return List.of(new Finding(s.line(), s.sql(), Kind.NOT_UNDERSTOOD, "the SQL parser could not read it", null));
    }
    if (parsed instanceof CreateTable t) {
      return List.of(additive(s, "creates table " + t.getTable().getFullyQualifiedName()));
    }
    if (parsed instanceof CreateIndex i) {
      return List.of(additive(s, "creates index " + (i.getIndex().getName() == null ? "" : i.getIndex().getName() + " ")
          + "on " + i.getTable().getFullyQualifiedName()));
    }
    if (parsed instanceof Drop d) {
      String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
      if (type.equals("TABLE") || type.equals("VIEW")) {
        return List.of(breaking(s, "drops " + type.toLowerCase(Locale.ROOT) + " " + d.getName().getFullyQualifiedName(),
            "stop the previous version using it in one release, and drop it in a later one"));
      }
      if (type.equals("INDEX")) {
        return List.of(additive(s, "drops index " + d.getName().getFullyQualifiedName() + " (slower queries, same schema)"));
      }
      return List.of(notUnderstood(s, "drops a " + type.toLowerCase(Locale.ROOT)));
    }
    if (parsed instanceof Alter a) {
      String table = a.getTable().getFullyQualifiedName();
      List<Finding> out = new ArrayList<>();
      for (AlterExpression e : a.getAlterExpressions()) {
        out.add(alter(s, table, e));
      }
      return out;
    }
    return List.of(notUnderstood(s, parsed.getClass().getSimpleName().toUpperCase(Locale.ROOT)
        + " statement: what it does to the previous version cannot be read from the SQL"));
  }

  private static Finding alter(SqlScript.Statement s, String table, AlterExpression e) {
    AlterOperation op = e.getOperation();
    if (op == AlterOperation.RENAME && e.getColumnOldName() != null) {
      return breaking(s, "renames column " + table + "." + e.getColumnOldName() + " to " + e.getColumnName(),
          "add " + e.getColumnName() + " beside " + e.getColumnOldName() + ", write both and backfill, and drop "
              + e.getColumnOldName() + " once no running version reads it");
    }
    if (op == AlterOperation.RENAME_TABLE) {
      return breaking(s, "renames table " + table + " to " + e.getNewTableName(),
          "create " + e.getNewTableName() + " (or a view of that name) beside " + table + ", move the code over, then drop "
              + table + " in a later release");
    }
    if (op == AlterOperation.DROP && e.getColumnName() != null) {
      return breaking(s, "drops column " + table + "." + e.getColumnName(),
          "stop reading and writing " + e.getColumnName() + " in one release and drop it in a later one");
    }
    if (op == AlterOperation.ADD && e.getColDataTypeList() != null) {
      List<Finding> out = new ArrayList<>();
      for (AlterExpression.ColumnDataType c : e.getColDataTypeList()) {
        String spec = c.toStringDataTypeAndSpec().toUpperCase(Locale.ROOT);
        boolean notNull = spec.contains("NOT NULL") || spec.contains("PRIMARY KEY");
        if (notNull && !spec.contains("DEFAULT")) {
          return breaking(s, "adds column " + table + "." + c.getColumnName() + " NOT NULL without a default",
              "add it nullable (or with a default), backfill it, and set NOT NULL once every running version writes it");
        }
        out.add(additive(s, "adds column " + table + "." + c.getColumnName() + (notNull ? " NOT NULL with a default" : "")));
      }
      return out.get(0);
    }
    if (op == AlterOperation.ADD && e.getIndex() != null) {
      return breaking(s, "adds " + e.getIndex().toString().replaceAll("\\s+", " ") + " to " + table,
          "add the constraint NOT VALID (or after a release whose writes already satisfy it), then VALIDATE it");
    }
    if (op == AlterOperation.ALTER) {
      String text = e.toString().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
      String column = e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()
          ? e.getColDataTypeList().get(0).getColumnName() : columnOf(e.toString());
      String where = table + "." + column;
      if (text.contains(" SET NOT NULL")) {
        return breaking(s, "sets " + where + " NOT NULL",
            "add a CHECK (" + column + " IS NOT NULL) NOT VALID constraint once every running version writes it, then validate it");
      }
      if (text.contains(" DROP NOT NULL")) {
        return additive(s, "lets " + where + " be NULL");
      }
      if (text.contains(" DROP DEFAULT")) {
        return breaking(s, "drops the default of " + where,
            "drop the default only after a release in which every running version writes " + column + " itself");
      }
      if (text.contains(" SET DEFAULT")) {
        return additive(s, "sets a default on " + where);
      }
      if (text.contains(" TYPE ") || text.contains(" SET DATA TYPE ")) {
        return breaking(s, "changes the type of " + where,
            "add a column of the new type beside " + column + ", write both and backfill, then switch reads and drop the old one");
      }
    }
    return notUnderstood(s, "ALTER TABLE " + table + " " + e.toString().replaceAll("\\s+", " "));
  }

  /** The column an {@code ALTER COLUMN x ...} names, from its text. */
  private static String columnOf(String expression) {
    String[] words = expression.trim().split("\\s+");
    for (int k = 0; k + 1 < words.length; k++) {
      if (words[k].equalsIgnoreCase("COLUMN")) {
        return words[k + 1];
      }
    }
    return words.length > 1 ? words[1] : "?";
  }

  private static Finding additive(SqlScript.Statement s, String what) {
    return new Finding(s.line(), s.sql(), Kind.ADDITIVE, what, null);
  }

  private static Finding breaking(SqlScript.Statement s, String what, String suggestion) {
    return new Finding(s.line(), s.sql(), Kind.BREAKING, what, "expand/contract instead: " + suggestion + ".");
  }

  private static Finding notUnderstood(SqlScript.Statement s, String what) {
    return new Finding(s.line(), s.sql(), Kind.NOT_UNDERSTOOD, what, null);
  }
}
