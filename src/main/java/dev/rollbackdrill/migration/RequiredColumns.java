package dev.rollbackdrill.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.insert.Insert;

/**
 * What {@code PREPARE} cannot see: an {@code INSERT} that names its columns prepares on a table with
 * a new NOT NULL column it does not name, then fails on every row it inserts. This finds such
 * columns (NOT NULL, no default, not identity or generated) from the catalog, for an INSERT that
 * JSqlParser reads; any other statement has none.
 */
final class RequiredColumns {

  private static final String REQUIRED = "SELECT a.attname FROM pg_attribute a"
      + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull"
      + " AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' ORDER BY a.attnum";

  private RequiredColumns() {}

  /** The required columns of the INSERT's table it does not name, in table order; empty when none or not an INSERT with columns. */
  static List<String> unnamed(Connection c, String sql) throws SQLException {
    Insert insert;
    try {
      if (!(CCJSqlParserUtil.parse(sql) instanceof Insert i) || i.getColumns() == null || i.getColumns().isEmpty()) {
        return List.of();
      }
      insert = i;
    } catch (JSQLParserException e) {
      return List.of();
    }
    Set<String> named = insert.getColumns().stream().map(RequiredColumns::name).collect(Collectors.toSet());
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(REQUIRED)) {
      ps.setString(1, insert.getTable().getFullyQualifiedName());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!named.contains(rs.getString(1))) {
            out.add(rs.getString(1));
          }
        }
      }
    }
    return out;
  }

  /** An identifier as the catalog stores it: folded to lower case unless quoted. */
  private static String name(Column c) {
    String n = c.getColumnName();
    return n.startsWith("\"") && n.endsWith("\"") ? n.substring(1, n.length() - 1).replace("\"\"", "\"") : n.toLowerCase(Locale.ROOT);
  }
}
