package dev.rollbackdrill.metrics;

import dev.rollbackdrill.history.DrillRecord;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The metrics of a drill history, one set per scenario. Every figure is computed from the records
 * alone, so a push after a run, a textfile written by {@code drill report} and the report itself
 * agree. Counters count the records of the history they were computed from: keep the history (a
 * volume for a CronJob) for them to grow run after run.
 */
public final class DrillMetrics {

  /** The metric names, for the README's table, the dashboard and the tests. */
  public static final String TRIGGER_TO_HEALTHY = "rollback_drill_trigger_to_healthy_seconds";
  public static final String DRILLS = "rollback_drill_drills";
  public static final String REQUESTS = "rollback_drill_requests";
  public static final String FAILED_REQUESTS = "rollback_drill_failed_requests";
  public static final String LAST_SUCCESS = "rollback_drill_last_success_timestamp_seconds";
  public static final String LAST_DRILL = "rollback_drill_last_drill_timestamp_seconds";
  public static final String LAST_TRIGGER_TO_HEALTHY = "rollback_drill_last_trigger_to_healthy_seconds";
  public static final String SLO = "rollback_drill_slo_seconds";

  /** The quantiles of the summary: the report's median and p90, and p99. */
  static final double[] QUANTILES = {0.5, 0.9, 0.99};

  /** A text format the metrics are written in. */
  public enum Format {
    /** The Prometheus text format 0.0.4: what a Pushgateway and the textfile collector parse. */
    PROMETHEUS(PrometheusTextFormatWriter.create()),
    /** OpenMetrics 1.0 text, for a scraper that asks for it. */
    OPENMETRICS(OpenMetricsTextFormatWriter.create());

    private final ExpositionFormatWriter writer;

    Format(ExpositionFormatWriter writer) {
      this.writer = writer;
    }

    /** The Content-Type a server or a push states for this format. */
    public String contentType() {
      return writer.getContentType();
    }

    /** {@code prometheus} or {@code openmetrics}, as options name it. */
    public String optionName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private DrillMetrics() {}

  /** The metrics of {@code records}, in any order. */
  public static MetricSnapshots of(List<DrillRecord> records) {
    Map<String, List<DrillRecord>> byScenario = new TreeMap<>();
    for (DrillRecord r : records) {
      byScenario.computeIfAbsent(r.scenario().name(), k -> new ArrayList<>()).add(r);
    }
    SummarySnapshot.Builder times = SummarySnapshot.builder().name(TRIGGER_TO_HEALTHY).unit(Unit.SECONDS)
        .help("Time from the rollback's trigger to the target healthy again, per scenario and procedure,"
            + " over the drills of the history");
    CounterSnapshot.Builder drills = CounterSnapshot.builder().name(DRILLS)
        .help("Drills in the history, by scenario and verdict");
    CounterSnapshot.Builder requests = CounterSnapshot.builder().name(REQUESTS)
        .help("Synthetic user requests sent during the drills, by scenario");
    CounterSnapshot.Builder failed = CounterSnapshot.builder().name(FAILED_REQUESTS)
        .help("Synthetic user requests that failed (not 2xx, or no answer in time) during the drills, by scenario");
    GaugeSnapshot.Builder lastSuccess = GaugeSnapshot.builder().name(LAST_SUCCESS).unit(Unit.SECONDS)
        .help("When the scenario's last drill that passed (restored within the SLO) ended, as a Unix time");
    GaugeSnapshot.Builder lastDrill = GaugeSnapshot.builder().name(LAST_DRILL).unit(Unit.SECONDS)
        .help("When the scenario was last drilled (any verdict but refused or a harness error), as a Unix time");
    GaugeSnapshot.Builder lastTime = GaugeSnapshot.builder().name(LAST_TRIGGER_TO_HEALTHY).unit(Unit.SECONDS)
        .help("Trigger-to-healthy of the scenario's last drill that got healthy");
    GaugeSnapshot.Builder slo = GaugeSnapshot.builder().name(SLO).unit(Unit.SECONDS)
        .help("The scenario's trigger-to-healthy SLO, as its last drill had it");
    boolean any = false;
    for (Map.Entry<String, List<DrillRecord>> e : byScenario.entrySet()) {
      String scenario = e.getKey();
      List<DrillRecord> runs = new ArrayList<>(e.getValue());
      runs.sort(Comparator.comparing(DrillMetrics::ended));
      Labels labels = Labels.of("scenario", scenario);
      Map<String, Histogram> byProcedure = new TreeMap<>();
      Map<String, Long> sums = new TreeMap<>();
      Map<String, Long> verdicts = new TreeMap<>();
      long sent = 0;
      long failures = 0;
      DrillRecord success = null;
      DrillRecord drilled = null;
      DrillRecord healthy = null;
      for (DrillRecord r : runs) {
        verdicts.merge(r.verdict().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
        if (r.impact() != null && r.impact().total() != null) {
          sent += r.impact().total().requests();
          failures += r.impact().total().failed();
        }
        if (r.verdict() == DrillRecord.Verdict.PASSED) {
          success = r;
        }
        if (DrillRecord.drilled(r)) {
          drilled = r;
        }
        if (r.triggerToHealthyNanos() != null && DrillRecord.drilled(r)) {
          healthy = r;
          String procedure = r.scenario().procedure() == null ? "" : r.scenario().procedure();
          byProcedure.computeIfAbsent(procedure, k -> new Histogram(3)).recordValue(Math.max(0, r.triggerToHealthyNanos()));
          sums.merge(procedure, r.triggerToHealthyNanos(), Long::sum);
        }
      }
      any = true;
      for (Map.Entry<String, Histogram> p : byProcedure.entrySet()) {
        Histogram h = p.getValue();
        Quantiles.Builder q = Quantiles.builder();
        for (double quantile : QUANTILES) {
          q.quantile(new Quantile(quantile, Unit.nanosToSeconds(h.getValueAtPercentile(quantile * 100))));
        }
        times.dataPoint(SummaryDataPointSnapshot.builder().labels(labels.add("procedure", p.getKey()))
            .count(h.getTotalCount()).sum(Unit.nanosToSeconds(sums.get(p.getKey()))).quantiles(q.build()).build());
      }
      for (Map.Entry<String, Long> v : verdicts.entrySet()) {
        drills.dataPoint(CounterDataPointSnapshot.builder().labels(labels.add("verdict", v.getKey())).value(v.getValue()).build());
      }
      requests.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(sent).build());
      failed.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(failures).build());
      if (success != null) {
        lastSuccess.dataPoint(gauge(labels, seconds(ended(success))));
      }
      if (drilled != null) {
        lastDrill.dataPoint(gauge(labels, seconds(ended(drilled))));
      }
      if (healthy != null) {
        lastTime.dataPoint(gauge(labels, Unit.nanosToSeconds(healthy.triggerToHealthyNanos())));
      }
      slo.dataPoint(gauge(labels, Unit.nanosToSeconds(runs.get(runs.size() - 1).sloNanos())));
    }
    if (!any) {
      return MetricSnapshots.of();
    }
    return MetricSnapshots.of(times.build(), drills.build(), requests.build(), failed.build(), lastSuccess.build(),
        lastDrill.build(), lastTime.build(), slo.build());
  }

  /** The metrics as text in {@code format}. */
  public static String text(MetricSnapshots metrics, Format format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.writer.write(out, metrics, EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static Instant ended(DrillRecord r) {
    return r.endedAt() != null ? r.endedAt() : r.startedAt();
  }

  private static double seconds(Instant t) {
    return t.getEpochSecond() + t.getNano() / 1e9;
  }
}
