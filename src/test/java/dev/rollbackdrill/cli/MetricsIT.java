package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.PrometheusStack;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's metrics against the real thing: a drill on the local cluster pushes its history's
 * metrics to a real Pushgateway, {@code drill report} writes them as textfiles in both formats,
 * and a real Prometheus that scrapes all three is asked for the drill's values through its HTTP
 * API; then every query of the Grafana dashboard and of the alerting rules is run against it and
 * must return data. Prometheus and the Pushgateway are started here and stopped after.
 */
@OnLocalCluster
class MetricsIT {

  private static final Duration SCRAPED = Duration.ofSeconds(30);

  @TempDir static Path stackDir;
  private static PrometheusStack stack;

  @BeforeAll
  static void startPrometheus() throws Exception {
    Assumptions.assumeTrue(PrometheusStack.binaries() != null,
        "Prometheus is not unpacked here: run ci/cluster/install.sh --packages");
    stack = PrometheusStack.start(stackDir);
  }

  @AfterAll
  static void stopPrometheus() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aDrillsMetricsReachPrometheusThroughThePushgatewayAndTheTextfilesAndTheDashboardHasData(TestNamespace ns,
      @TempDir Path dir) throws Exception {
    Path scenario = Scenarios.exampleFile("http500-undo", ns, dir);
    Path drills = dir.resolve("drills");

    Cli run = Cli.run("run", scenario.toString(), "--drills", drills.toString(), "--junit-xml",
        dir.resolve("junit").toString(), "--executed-by", "metrics-it", "--push-metrics", stack.pushgateway());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("pushed the metrics of 1 drill record(s) to " + stack.pushgateway()
        + " (job rollback-drill)");
    DrillRecord record = new DrillHistory(drills).readAll().records().get(0);
    assertThat(record.verdict()).isEqualTo(DrillRecord.Verdict.PASSED);
    assertThat(record.impact().total().failed()).as("a 500 release under load fails some requests").isPositive();

    String pushed = "job=\"rollback-drill\",scenario=\"http500-undo\"";
    assertThat(PrometheusStack.value(stack.awaitQuery("rollback_drill_trigger_to_healthy_seconds_count{" + pushed + "}",
        r -> !r.isEmpty(), SCRAPED))).isEqualTo(1);
    assertThat(PrometheusStack.value(stack.query("rollback_drill_trigger_to_healthy_seconds_sum{" + pushed + "}")))
        .isCloseTo(record.triggerToHealthyNanos() / 1e9, within(1e-6));
    assertThat(PrometheusStack.value(stack.query("rollback_drill_trigger_to_healthy_seconds{" + pushed
        + ",quantile=\"0.5\",procedure=\"rollout-undo\"}")))
        .isCloseTo(record.triggerToHealthyNanos() / 1e9, within(record.triggerToHealthyNanos() / 1e9 * 0.001));
    assertThat(PrometheusStack.value(stack.query("rollback_drill_drills_total{" + pushed + ",verdict=\"passed\"}")))
        .isEqualTo(1);
    assertThat(PrometheusStack.value(stack.query("rollback_drill_failed_requests_total{" + pushed + "}")))
        .isEqualTo(record.impact().total().failed());
    assertThat(PrometheusStack.value(stack.query("rollback_drill_requests_total{" + pushed + "}")))
        .isEqualTo(record.impact().total().requests());
    assertThat(PrometheusStack.value(stack.query("rollback_drill_last_success_timestamp_seconds{" + pushed + "}")))
        .isCloseTo(record.endedAt().toEpochMilli() / 1000.0, within(0.001));
    assertThat(PrometheusStack.value(stack.query("rollback_drill_slo_seconds{" + pushed + "}"))).isEqualTo(30);

    // The same history as textfiles, in both formats, scraped as a textfile collector exposes them.
    Path prom = dir.resolve("textfile/rollback_drill.prom");
    Path om = dir.resolve("textfile/rollback_drill.om");
    Cli report = Cli.run("report", "--drills", drills.toString(), "--out", dir.resolve("reports").toString(),
        "--metrics-file", prom.toString());
    Cli reportOm = Cli.run("report", "--drills", drills.toString(), "--out", dir.resolve("reports").toString(),
        "--metrics-file", om.toString(), "--metrics-format", "openmetrics");
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(reportOm.exit()).as(reportOm.err()).isZero();
    assertThat(reportOm.out()).contains("wrote " + om + " (openmetrics text format)");
    assertThat(Files.readString(om)).endsWith("# EOF\n");
    stack.serve("prometheus", prom);
    stack.serve("openmetrics", om);
    for (String job : List.of("textfile-prometheus", "textfile-openmetrics")) {
      String labels = "job=\"" + job + "\",scenario=\"http500-undo\"";
      assertThat(PrometheusStack.value(stack.awaitQuery("rollback_drill_drills_total{" + labels + ",verdict=\"passed\"}",
          r -> !r.isEmpty(), SCRAPED))).as(job).isEqualTo(1);
      assertThat(PrometheusStack.value(stack.query("rollback_drill_trigger_to_healthy_seconds_sum{" + labels + "}")))
          .as(job).isCloseTo(record.triggerToHealthyNanos() / 1e9, within(1e-6));
      assertThat(PrometheusStack.value(stack.query("up{job=\"" + job + "\"}"))).as(job + " scraped cleanly").isEqualTo(1);
    }

    // Every query the dashboard and the alerting rules hold returns data for this drill.
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("ci/grafana/rollback-drill-dashboard.json").toFile());
    List<String> exprs = new ArrayList<>();
    dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(5);
    JsonNode variable = dashboard.path("templating").path("list").get(1);
    Matcher labelValues = Pattern.compile("label_values\\((\\w+), (\\w+)\\)").matcher(variable.path("query").asText());
    assertThat(labelValues.matches()).as(variable.path("query").asText()).isTrue();
    assertThat(stack.labelValues(labelValues.group(2), labelValues.group(1))).contains("http500-undo");
    for (String expr : exprs) {
      String q = expr.replace("$scenario", variable.path("allValue").asText());
      assertThat(stack.query(q)).as("dashboard query " + q).isNotEmpty()
          .allSatisfy(s -> assertThat(s.path("value").get(1).asText()).as(q).isNotIn("NaN", "+Inf", "-Inf"));
    }
    Path rules = Path.of("ci/prometheus/rollback-drill-alerts.yml");
    Process check = new ProcessBuilder(PrometheusStack.binaries().resolve("promtool").toString(), "check", "rules",
        rules.toString()).redirectErrorStream(true).start();
    String checked = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor()).as(checked).isZero();
    Matcher alertExpr = Pattern.compile("(?m)^\\s+expr: (.+)$").matcher(Files.readString(rules));
    int alerts = 0;
    while (alertExpr.find()) {
      alerts++;
      // The rule's condition without its threshold: the series it compares exist.
      String series = alertExpr.group(1).replaceAll("\\s+>\\s+[^>]+$", "").replaceAll("\\s+unless\\s+.*$", "");
      assertThat(stack.query(series)).as("alert expression " + series).isNotEmpty();
    }
    assertThat(alerts).isEqualTo(3);
  }
}
