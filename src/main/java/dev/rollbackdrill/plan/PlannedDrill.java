package dev.rollbackdrill.plan;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One line of the plan: the scenario (by its {@code name}), the file it was found in, when it is
 * drilled ({@link Cron}) and how long it may go undrilled before the report flags it stale.
 */
public record PlannedDrill(String scenario, Path file, Cron schedule, Duration staleAfter) {}
