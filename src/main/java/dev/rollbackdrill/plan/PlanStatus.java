package dev.rollbackdrill.plan;

import dev.rollbackdrill.history.DrillRecord;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where one planned drill stands at an instant: when it last ran, when its schedule last fired
 * and fires next, whether it is due (the schedule fired since its last run, or it never ran) and
 * whether it is stale (not run within its staleness period). A run counts when its record is of
 * that scenario, on the cluster asked about, and not an {@code ERROR}: a harness failure says
 * nothing about the rollback, so the drill is still owed.
 *
 * @param lastRun null when the scenario never ran
 * @param lastFired null when the schedule has not fired in the last five years
 * @param nextFire null when the schedule never fires again
 */
public record PlanStatus(
    PlannedDrill drill, Instant lastRun, Instant lastFired, Instant nextFire, boolean due, boolean stale) {

  /** The status of every planned drill at {@code now}, in plan order. */
  public static List<PlanStatus> of(Plan plan, Collection<DrillRecord> history, Instant now,
      Predicate<DrillRecord> counts) {
    ZonedDateTime at = now.atZone(plan.zone());
    return plan.drills().stream().map(d -> {
      Instant last = history.stream()
          .filter(r -> r.scenario() != null && d.scenario().equals(r.scenario().name()))
          .filter(r -> DrillRecord.drilled(r) && r.startedAt() != null)
          .filter(counts)
          .map(DrillRecord::startedAt)
          .max(Instant::compareTo)
          .orElse(null);
      Instant fired = d.schedule().previous(at).map(ZonedDateTime::toInstant).orElse(null);
      Instant next = d.schedule().next(at).map(ZonedDateTime::toInstant).orElse(null);
      boolean due = fired != null && (last == null || last.isBefore(fired));
      boolean stale = last == null || last.plus(d.staleAfter()).isBefore(now);
      return new PlanStatus(d, last, fired, next, due, stale);
    }).toList();
  }

  /**
   * Records made on the cluster {@code spec} names, as given to {@code --cluster}: {@code
   * context:NAME}, {@code in-cluster[:NAME]}, {@code local}, {@code k3s}, or {@code embedded}
   * (which is {@code local} or {@code k3s}). A drill rehearsed on a laptop's throwaway cluster
   * does not make the staging drill done.
   */
  public static Predicate<DrillRecord> onCluster(String spec) {
    Set<String> providers = providers(spec);
    return r -> r.cluster() != null && providers.contains(r.cluster().provider());
  }

  /** The {@code cluster.provider} values of records made on the cluster {@code spec} names. */
  public static Set<String> providers(String spec) {
    return "embedded".equals(spec) ? Set.of("local", "k3s") : Set.of(spec);
  }
}
