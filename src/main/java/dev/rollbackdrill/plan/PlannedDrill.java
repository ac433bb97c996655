package dev.rollbackdrill.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * One line of the plan: the scenario (by its {@code name}), the file it was found in, when it is
 * drilled ({@link Cron}), how long it may go undrilled before the report flags it stale, and the
 * scenario's {@code tags} (what {@code drill plan run --tag} selects by).
 */
public record PlannedDrill(String scenario, Path file, Cron schedule, Duration staleAfter, List<String> tags) {

  public PlannedDrill {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A planned drill whose scenario has no tags. */
  public PlannedDrill(String scenario, Path file, Cron schedule, Duration staleAfter) {
    this(scenario, file, schedule, staleAfter, List.of());
  }

  /** Whether the scenario has any of {@code wanted}; true when nothing is wanted. */
  public boolean taggedAnyOf(Collection<String> wanted) {
    return wanted.isEmpty() || tags.stream().anyMatch(wanted::contains);
  }
}
