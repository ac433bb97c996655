package dev.rollbackdrill.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drill plan ({@code drills/plan.yaml}): which scenarios are drilled on which schedule, how
 * long each may go undrilled before it counts as stale, and the rotation of who executes the
 * drills each month. Schedules and months are read in {@code zone}. Load one with {@link
 * PlanLoader}.
 *
 * @param rotation null when the plan names no rotation (the runner's own name is recorded then)
 * @param defaultStaleAfter the plan's own {@code staleAfter}, for drills that give none and for
 *     scenarios outside the plan in a report; {@link #DEFAULT_STALE_AFTER} when it gives none
 */
public record Plan(Path source, Path scenarios, ZoneId zone, List<PlannedDrill> drills, Rotation rotation,
    Duration defaultStaleAfter) {

  /** How long a scenario may go undrilled when neither the drill nor the plan says. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(35);

  public Plan {
    drills = List.copyOf(drills);
    defaultStaleAfter = defaultStaleAfter == null ? DEFAULT_STALE_AFTER : defaultStaleAfter;
  }

  /** A plan without a staleAfter of its own. */
  public Plan(Path source, Path scenarios, ZoneId zone, List<PlannedDrill> drills, Rotation rotation) {
    this(source, scenarios, zone, drills, rotation, DEFAULT_STALE_AFTER);
  }

  /**
   * Each planned scenario's staleness period, by scenario name, in plan order: what a trend report
   * needs to flag a scenario stale by its own schedule rather than one period for all.
   */
  public Map<String, Duration> staleAfter() {
    Map<String, Duration> m = new LinkedHashMap<>();
    drills.forEach(d -> m.put(d.scenario(), d.staleAfter()));
    return Collections.unmodifiableMap(m);
  }

  /** The planned drill of scenario {@code name}, if the plan has one. */
  public Optional<PlannedDrill> drill(String name) {
    return drills.stream().filter(d -> d.scenario().equals(name)).findFirst();
  }

  /** Who executes the drills in {@code month}; empty without a rotation. */
  public Optional<String> executorFor(YearMonth month) {
    return rotation == null ? Optional.empty() : Optional.of(rotation.executorFor(month));
  }

  /** The month {@code instant} falls in, in the plan's zone. */
  public YearMonth monthOf(Instant instant) {
    return YearMonth.from(instant.atZone(zone));
  }
}
