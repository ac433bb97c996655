package dev.rollbackdrill.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of rollback-drill this build is, as Maven built it ({@code project.version},
 * filtered into {@code version.properties}): printed by {@code drill --version}, stored in every
 * record it writes ({@link DrillRecord#toolVersion()}) and pinned by {@code drill init}.
 */
public final class ToolVersion {

  private static final String CURRENT = read();

  private ToolVersion() {}

  /** This build's version, e.g. {@code 0.1.0}. */
  public static String current() {
    return CURRENT;
  }

  private static String read() {
    try (InputStream in = ToolVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties missing from the build");
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      if (v.isBlank() || v.startsWith("${")) {
        throw new IllegalStateException("version.properties was not filtered by the build: " + v);
      }
      return v.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
