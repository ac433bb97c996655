package dev.rollbackdrill.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How the tool writes a fraction back as a scenario would: {@code 0.05} as {@code 5%}, the way {@code weight: 5%} reads. */
public final class Percentages {
  private Percentages() {}

  /** {@code fraction} as a percentage rounded half up to at most {@code decimals} places, e.g. {@code 33.3%}. */
  public static String format(double fraction, int decimals) {
    return new BigDecimal(fraction * 100).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        + "%";
  }
}
