package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.metrics.DrillMetrics;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code drill run --push-metrics URL}: at the end of a run, the metrics of the whole history
 * (this run's records included) replace the group {@code job="rollback-drill"} on a Prometheus
 * Pushgateway, in one HTTP PUT of the Prometheus text format, so the gateway always holds what the
 * history says and nothing a drill left half-written. A URL that already names a group ({@code
 * .../metrics/job/NAME[/LABEL/VALUE...]}) is used as given. A gateway that fails or hangs costs
 * at most the timeout and is a warning: the run's exit code and records do not change.
 */
final class MetricsPush {

  /** The Pushgateway job the metrics are pushed as, unless the URL names another group. */
  static final String JOB = "rollback-drill";

  private final URI group;
  private final Duration timeout;

  MetricsPush(URI gateway, Duration timeout) {
    this.group = group(HttpSend.httpUrl(gateway, "--push-metrics", "a Prometheus Pushgateway"));
    this.timeout = timeout;
  }

  /** The group's URL: {@code URL/metrics/job/rollback-drill}, or the URL itself when it names a group. */
  static URI group(URI gateway) {
    String path = gateway.getPath() == null ? "" : gateway.getPath();
    if (path.contains("/metrics/job/")) {
      return gateway;
    }
    String base = gateway.toString().replaceAll("/+$", "");
    return URI.create(base + "/metrics/job/" + JOB);
  }

  /** Pushes the history's metrics; a line for the console: what was pushed, or a warning. */
  Outcome push(Path drills) {
    DrillHistory.Loaded loaded;
    try {
      loaded = new DrillHistory(drills).readAll();
    } catch (IOException e) {
      return new Outcome(null, "metrics not pushed: cannot read the history in " + drills + ": " + e.getMessage());
    }
    MetricSnapshots metrics = DrillMetrics.of(loaded.records());
    DrillMetrics.Format format = DrillMetrics.Format.PROMETHEUS;
    String warning = HttpSend.send("metrics push", group, "PUT", format.contentType(),
        DrillMetrics.text(metrics, format), timeout);
    if (warning != null) {
      return new Outcome(null, warning);
    }
    return new Outcome("pushed the metrics of " + loaded.records().size() + " drill record(s) to "
        + HttpSend.where(group) + " (" + groupName() + ")", null);
  }

  /** {@code job rollback-drill}, or the group the URL names, for the console. */
  private String groupName() {
    String path = group.getPath();
    return path.substring(path.indexOf("/metrics/") + "/metrics/".length()).replace('/', ' ');
  }

  /** Either what was pushed, or why not. */
  record Outcome(String done, String warning) {}
}
