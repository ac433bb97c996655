package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.CanaryShare;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.load.LoadGenerator.Sample;
import dev.rollbackdrill.timing.Phase;
import java.util.List;
import java.util.Map;

/**
 * The record's {@code canary} section: the share the canary's replicas gave, how long the analysis
 * took to decide (the detect phase: canary live to decision) and with what numbers, and what the
 * synthetic load's users met while the canary could serve them: the requests that started from
 * the canary going live (the end of deploy) until healthy, how many of them the canary served (by
 * the pod that answered, {@code X-Served-By}) and how many failed.
 */
final class CanaryExposure {
  private CanaryExposure() {}

  /**
   * @param starts the phases' start times by record name (ticker nanos)
   * @param decision the detect phase's detail (null when the detect phase did not end)
   * @param samples the load's requests, null without a load
   */
  static DrillRecord.Canary of(CanaryShare share, Map<String, Long> starts, Long detectNanos, String decision,
      List<Sample> samples) {
    Long from = starts.get(Phase.DETECT.recordName());
    Long to = starts.get(Phase.VERIFY.recordName());
    Long requests = null;
    Long served = null;
    Long failed = null;
    if (samples != null && from != null) {
      long n = 0;
      long canary = 0;
      long named = 0;
      long bad = 0;
      for (Sample s : samples) {
        if (s.startNanos() < from || to != null && s.startNanos() >= to) {
          continue;
        }
        n++;
        if (!s.ok()) {
          bad++;
        }
        if (s.servedBy() != null) {
          named++;
          if (s.servedBy().startsWith(share.podPrefix())) {
            canary++;
          }
        }
      }
      requests = n;
      failed = bad;
      served = named == 0 ? null : canary;
    }
    return new DrillRecord.Canary(share.weight(), share.share(), share.canaryPods(), share.baselinePods(), detectNanos,
        decision, requests, served, failed);
  }

  /**
   * One line for the console, e.g. {@code canary: 1 of 20 pods (5%); decided in 3.09s; of 91 user
   * requests while it was live, 5 served by the canary (5.5%), 0 failed}.
   */
  static String line(DrillRecord.Canary c) {
    StringBuilder b = new StringBuilder("canary: ").append(c.canaryPods()).append(" of ")
        .append(c.canaryPods() + c.baselinePods()).append(" pods (").append(percent(c.share())).append(')');
    b.append(c.detectNanos() == null ? "; never decided"
        : "; decided in " + dev.rollbackdrill.scenario.Durations.format(java.time.Duration.ofNanos(c.detectNanos())));
    if (c.userRequests() != null) {
      b.append("; of ").append(c.userRequests()).append(" user requests while it was live, ");
      b.append(c.servedByCanary() == null ? "the service named no pod (X-Served-By) to count the canary's"
          : c.servedByCanary() + " served by the canary (" + (c.userRequests() == 0 ? "-"
              : percent((double) c.servedByCanary() / c.userRequests())) + ")");
      b.append(", ").append(c.failedUserRequests()).append(" failed");
    }
    return b.toString();
  }

  private static String percent(double f) {
    return dev.rollbackdrill.scenario.Percentages.format(f, 1);
  }
}
