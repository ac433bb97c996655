package dev.rollbackdrill.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One validated rollback drill, as read from a YAML scenario file by {@link ScenarioLoader}: which
 * Deployment to change, how to break it, how to notice, how to roll back and what counts as healthy
 * again within the {@code slo}. Defaults are already applied: {@code healthy} and {@code timeouts}
 * are never null, {@code tags} is never null. {@code source} is the path as given to the loader and
 * {@code sha256} the hex digest of the file's bytes, so a drill record can pin the exact scenario
 * it ran. {@code load}, the synthetic load run during the drill to measure user impact, is null
 * when the scenario asks for none; {@code database}, the release's migration and the database it
 * runs on, is null when the release has none; {@code chaos}, the infrastructure faults injected
 * while the rollback runs, is empty when there are none.
 */
public record Scenario(
    String name,
    String description,
    List<String> tags,
    Target target,
    Change change,
    Detect detect,
    Rollback rollback,
    Healthy healthy,
    Duration slo,
    int iterations,
    Timeouts timeouts,
    Path source,
    String sha256,
    Load load,
    DatabaseSection database,
    List<Chaos> chaos) {

  public Scenario {
    tags = List.copyOf(tags);
    chaos = chaos == null ? List.of() : List.copyOf(chaos);
  }

  /** A scenario with no chaos, as written before {@code chaos} existed. */
  public Scenario(String name, String description, List<String> tags, Target target, Change change, Detect detect,
      Rollback rollback, Healthy healthy, Duration slo, int iterations, Timeouts timeouts, Path source, String sha256,
      Load load, DatabaseSection database) {
    this(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts, source, sha256,
        load, database, List.of());
  }

  /** The same scenario with {@code chaos} injected while it runs. */
  public Scenario withChaos(List<Chaos> chaos) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }

  /** The same scenario with {@code source}: the same file, named another way (canonical, say). */
  public Scenario withSource(Path source) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }

  /** The same scenario against another target (a test's own namespace, say). */
  public Scenario withTarget(Target target) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }

  /** The same scenario rolled back another way. */
  public Scenario withRollback(Rollback rollback) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }

  /** The same scenario with other health checks. */
  public Scenario withHealthy(Healthy healthy) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }

  /** The same scenario with other timeouts. */
  public Scenario withTimeouts(Timeouts timeouts) {
    return new Scenario(name, description, tags, target, change, detect, rollback, healthy, slo, iterations, timeouts,
        source, sha256, load, database, chaos);
  }
}
