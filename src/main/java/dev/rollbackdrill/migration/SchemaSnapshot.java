package dev.rollbackdrill.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The schema a database holds, read from PostgreSQL's catalog: every table, view, sequence, column
 * (type, NOT NULL, default), index and constraint outside the system schemas and outside
 * extensions, as one line per object. Two snapshots give the diff a migration makes.
 */
public final class SchemaSnapshot {

  /** Objects owned by an extension (pg_stat_statements' view, say) are the server's, not the team's schema. */
  private static final String NOT_SYSTEM = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
      + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
      + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass"
      + " AND e.objid = c.oid AND e.deptype = 'e')";

  private static final String CATALOG = String.join("\nUNION ALL\n",
      "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'"
          + " WHEN 'f' THEN 'foreign table' ELSE 'table' END || ' ' || n.nspname || '.' || c.relname, ''"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " + NOT_SYSTEM,
      "SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname,"
          + " format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
          + " || COALESCE(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
          + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " + NOT_SYSTEM,
      "SELECT 'index ' || n.nspname || '.' || c.relname, pg_get_indexdef(c.oid)"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('i', 'I') AND " + NOT_SYSTEM,
      "SELECT 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname, pg_get_constraintdef(k.oid)"
          + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE " + NOT_SYSTEM);

  private final Map<String, String> objects;

  private SchemaSnapshot(Map<String, String> objects) {
    this.objects = objects;
  }

  /** Reads the catalog as this connection sees it (inside its transaction, when one is open). */
  public static SchemaSnapshot read(Connection connection) throws SQLException {
    Map<String, String> objects = new TreeMap<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(CATALOG)) {
      while (rs.next()) {
        objects.put(rs.getString(1), Objects.requireNonNullElse(rs.getString(2), ""));
      }
    }
    return new SchemaSnapshot(objects);
  }

  /** Every object and its definition, one line each, in object order. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    objects.forEach((k, v) -> out.add(k + spaced(v)));
    return out;
  }

  public int size() {
    return objects.size();
  }

  /**
   * What changed from this snapshot to {@code after}, in object order: {@code - object  definition}
   * for one that went, {@code + object  definition} for one that came, {@code ~ object  before -> after}
   * for one whose definition changed. Empty when the schema is the same.
   */
  public List<String> diff(SchemaSnapshot after) {
    Map<String, String> all = new TreeMap<>(objects);
    all.putAll(after.objects);
    List<String> out = new ArrayList<>();
    for (String key : all.keySet()) {
      String was = objects.get(key);
      String is = after.objects.get(key);
      if (is == null) {
        out.add("- " + key + spaced(was));
      } else if (was == null) {
        out.add("+ " + key + spaced(is));
      } else if (!was.equals(is)) {
        out.add("~ " + key + "  " + was + " -> " + is);
      }
    }
    return out;
  }

  private static String spaced(String definition) {
    return definition.isEmpty() ? "" : "  " + definition;
  }
}
