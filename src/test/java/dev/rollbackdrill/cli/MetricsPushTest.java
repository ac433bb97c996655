package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.report.Drills;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --push-metrics}: where the PUT goes, what it carries, and that a bad gateway is a warning. */
class MetricsPushTest {

  @Test
  void aBaseUrlGetsTheRollbackDrillJobAndAGroupUrlIsKept() {
    assertThat(MetricsPush.group(URI.create("http://gw:9091"))).hasToString("http://gw:9091/metrics/job/rollback-drill");
    assertThat(MetricsPush.group(URI.create("http://gw:9091/"))).hasToString("http://gw:9091/metrics/job/rollback-drill");
    assertThat(MetricsPush.group(URI.create("https://gw/metrics/job/drills/team/shop")))
        .hasToString("https://gw/metrics/job/drills/team/shop");
    assertThatThrownBy(() -> new MetricsPush(URI.create("gw:9091"), Duration.ofSeconds(1)))
        .hasMessage("--push-metrics expects an http(s) URL of a Prometheus Pushgateway");
  }

  @Test
  void theUrlsDefaultToTheirEnvironmentVariablesWhereBlankMeansUnset() {
    assertThat(RunCommand.fromEnv(Map.of("DRILL_PUSHGATEWAY_URL", " http://gw:9091 "), RunCommand.PUSHGATEWAY_ENV))
        .hasToString("http://gw:9091");
    assertThat(RunCommand.fromEnv(Map.of("DRILL_WEBHOOK_URL", ""), RunCommand.WEBHOOK_ENV))
        .as("an undefined CI secret arrives as an empty variable").isNull();
    assertThat(RunCommand.fromEnv(Map.of(), RunCommand.WEBHOOK_ENV)).isNull();
    assertThatThrownBy(() -> RunCommand.fromEnv(Map.of("DRILL_WEBHOOK_URL", "http://a b"), RunCommand.WEBHOOK_ENV))
        .hasMessageStartingWith("$DRILL_WEBHOOK_URL is not a URL");
  }

  @Test
  void putsTheHistorysMetricsInTheTextFormatAndAFailingGatewayIsAWarning(@TempDir Path dir) throws Exception {
    Path drills = dir.resolve("drills");
    new DrillHistory(drills).append(Drills.drill("undo", "2026-12-01T10:00:00Z").took(Drills.secs(4)).build(), Map.of());
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "pushed metrics are invalid".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(requests.size() == 1 ? 200 : 400, requests.size() == 1 ? -1 : answer.length);
      if (requests.size() > 1) {
        exchange.getResponseBody().write(answer);
      }
      exchange.close();
    });
    gateway.start();
    try {
      String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
      MetricsPush push = new MetricsPush(URI.create(url), Duration.ofSeconds(2));

      MetricsPush.Outcome ok = push.push(drills);
      MetricsPush.Outcome refused = push.push(drills);

      assertThat(ok.done()).isEqualTo("pushed the metrics of 1 drill record(s) to " + url + " (job rollback-drill)");
      assertThat(requests.get(0)).startsWith("PUT /metrics/job/rollback-drill text/plain; version=0.0.4")
          .contains("rollback_drill_drills_total{scenario=\"undo\",verdict=\"passed\"} 1.0\n");
      assertThat(refused.warning()).isEqualTo("metrics push to " + url + " failed: HTTP 400 (pushed metrics are invalid)");
    } finally {
      gateway.stop(0);
    }
    MetricsPush.Outcome closed = new MetricsPush(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(1)).push(drills);
    assertThat(closed.warning()).startsWith("metrics push to http://127.0.0.1:1 failed: ");
  }
}
