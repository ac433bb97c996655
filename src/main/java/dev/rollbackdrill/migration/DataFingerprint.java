package dev.rollbackdrill.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Proof that a database is as it was: its schema ({@link SchemaSnapshot}) and, for every table
 * outside the system schemas and extensions, its row count and a checksum of its rows (the md5 of
 * every row's text, in order of those digests, so row order does not matter).
 */
public final class DataFingerprint {

  private static final String TABLES = "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
      + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
      + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'"
      + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid"
      + " AND e.deptype = 'e') ORDER BY 1";

  private final SchemaSnapshot schema;
  private final Map<String, String> tables;

  private DataFingerprint(SchemaSnapshot schema, Map<String, String> tables) {
    this.schema = schema;
    this.tables = tables;
  }

  public static DataFingerprint read(Connection c) throws SQLException {
    Map<String, String> tables = new LinkedHashMap<>();
    try (Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(TABLES)) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String table : names) {
        try (ResultSet rs = s.executeQuery("SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '-')"
            + " FROM (SELECT md5(t::text) AS h FROM " + table + " t) rows")) {
          rs.next();
          tables.put(table, rs.getLong(1) + " rows, checksum " + rs.getString(2).substring(0, Math.min(12, rs.getString(2).length())));
        }
      }
    }
    return new DataFingerprint(SchemaSnapshot.read(c), tables);
  }

  /**
   * A SHA-256 of the whole fingerprint (schema and every table's rows), short enough to keep on a
   * drill's lease, so that {@code drill recover} can tell whether the database is as found.
   */
  public String digest() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (String line : schema.lines()) {
        md.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      tables.forEach((t, v) -> md.update((t + " " + v + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every table and its rows, for a progress line: {@code public.users 3 rows, checksum 1f0c...}. */
  public String describe() {
    List<String> out = new ArrayList<>();
    tables.forEach((t, v) -> out.add(t + " " + v));
    return out.isEmpty() ? "no tables" : String.join("; ", out);
  }

  /** What differs from {@code before}, one line each (schema lines as {@link SchemaSnapshot#diff}); empty when identical. */
  public List<String> differencesFrom(DataFingerprint before) {
    List<String> out = new ArrayList<>(before.schema.diff(schema));
    Map<String, String> all = new LinkedHashMap<>(before.tables);
    tables.forEach(all::putIfAbsent);
    for (String t : all.keySet()) {
      String was = before.tables.get(t);
      String is = tables.get(t);
      if (was != null && is != null && !was.equals(is)) {
        out.add(t + ": " + was + " -> " + is);
      }
    }
    return out;
  }
}
