package dev.rollbackdrill.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints the durations used in scenario files and reports: {@code 250ms}, {@code 30s},
 * {@code 2m}, {@code 1m30s}, {@code 1h}, {@code 1.5s}. Units go from hours down to milliseconds,
 * each at most once. A bare number is refused: "30" could mean seconds or milliseconds, and a
 * drill's SLO is no place to guess.
 */
public final class Durations {

  /** The accepted syntax; {@code scenario.schema.json} uses the very same pattern. */
  static final String PATTERN =
      "^(?=\\d)(?:(\\d+(?:\\.\\d+)?)h)?(?:(\\d+(?:\\.\\d+)?)m(?!s))?"
          + "(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+(?:\\.\\d+)?)ms)?$";

  private static final Pattern SYNTAX = Pattern.compile(PATTERN);
  private static final long[] UNIT_NANOS = { // h, m, s, ms: the order of PATTERN's groups
    3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L
  };

  private Durations() {}

  /**
   * The duration written as {@code text}.
   *
   * @throws IllegalArgumentException with a message that shows a valid example
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty duration; write e.g. \"30s\"");
    }
    if (text.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException(
          "'" + text + "' has no unit; write e.g. \"" + text + "s\"");
    }
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "'; write e.g. \"250ms\", \"30s\", \"2m\" or \"1m30s\"");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    for (int i = 0; i < UNIT_NANOS.length; i++) {
      if (m.group(i + 1) != null) {
        BigDecimal amount = new BigDecimal(m.group(i + 1));
        nanos = nanos.add(amount.multiply(BigDecimal.valueOf(UNIT_NANOS[i])));
      }
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too large");
    }
  }

  /**
   * Compact text for {@code d}, to the millisecond: {@code 250ms}, {@code 1.234s}, {@code 2m05s},
   * {@code 1h02m03.5s}. {@link #parse} reads it back.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return d.toMillis() + "ms";
    }
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    String sec = (h > 0 || m > 0) && s < 10 ? "0" + s : String.valueOf(s);
    if (ms > 0) {
      sec += "." + String.format("%03d", ms).replaceAll("0+$", "");
    }
    if (h == 0 && m == 0) {
      return sec + "s";
    }
    String min = h > 0 && m < 10 ? "0" + m : String.valueOf(m);
    return (h > 0 ? h + "h" : "") + min + "m" + sec + "s";
  }
}
