package dev.rollbackdrill.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spellings of a rate ({@code 10/s}, {@code 600/m}), a percentage ({@code 5%}) and a quantile
 * ({@code p50}, {@code p99.9}), read the same way in a scenario file and on the command line. Each
 * returns null for text that is not one; the caller says what was expected, where.
 */
public final class Quantities {
  private Quantities() {}

  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)/(s|m)");
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
  private static final Pattern QUANTILE = Pattern.compile("p([1-9]\\d?(?:\\.\\d+)?)");

  /** {@code 10/s} or {@code 600/m} in requests per second, or null. */
  public static Double perSecond(String text) {
    Matcher m = text == null ? null : RATE.matcher(text);
    return m == null || !m.matches() ? null : Double.parseDouble(m.group(1)) / (m.group(2).equals("m") ? 60 : 1);
  }

  /** {@code 5%} as a percentage (5.0, not yet a fraction), or null. */
  public static Double percent(String text) {
    Matcher m = text == null ? null : PERCENT.matcher(text);
    return m == null || !m.matches() ? null : Double.parseDouble(m.group(1));
  }

  /** {@code p50} as 0.5, or null: a quantile strictly between 0 and 1. */
  public static Double quantile(String text) {
    Matcher m = text == null ? null : QUANTILE.matcher(text);
    double q = m != null && m.matches() ? Double.parseDouble(m.group(1)) / 100 : 0;
    return q > 0 && q < 1 ? q : null;
  }
}
