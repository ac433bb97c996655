package dev.rollbackdrill.plan;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who executes the drills each month: the roster in turn, one person a month, starting with its
 * first entry in {@code start}, and before {@code start} going backwards the same way. An
 * override names someone else for one month (a holiday, a swap) without shifting anyone else's
 * turn.
 */
public record Rotation(YearMonth start, List<String> roster, Map<YearMonth, String> overrides) {

  public Rotation {
    Objects.requireNonNull(start, "start");
    roster = List.copyOf(roster);
    overrides = Map.copyOf(overrides);
    if (roster.isEmpty()) {
      throw new IllegalArgumentException("a rotation needs at least one person");
    }
  }

  /** Who executes the drills in {@code month}. */
  public String executorFor(YearMonth month) {
    String override = overrides.get(month);
    if (override != null) {
      return override;
    }
    long offset = ChronoUnit.MONTHS.between(start, month);
    return roster.get((int) Math.floorMod(offset, (long) roster.size()));
  }
}
