package dev.rollbackdrill.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus and Pushgateway (Debian's binaries, unpacked by {@code ci/cluster/install.sh}
 * into {@code ~/.cache/rollback-drill/metrics-stack}) on loopback ports of their own, started by a
 * test and stopped by {@link #close()}. Prometheus scrapes, every second, the Pushgateway (job
 * {@code pushgateway}, with {@code honor_labels} so pushed jobs keep their names) and two files
 * this class serves over HTTP as a textfile collector would expose them: {@code /prometheus}
 * (the Prometheus text format) and {@code /openmetrics} (OpenMetrics), jobs {@code
 * textfile-prometheus} and {@code textfile-openmetrics}.
 */
public final class PrometheusStack implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpServer files;
  private final Map<String, Path> served = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int prometheusPort;
  private int pushgatewayPort;

  /** Where the binaries are, or null when {@code ci/cluster/install.sh} has not unpacked them. */
  public static Path binaries() {
    String cache = System.getenv("XDG_CACHE_HOME") != null ? System.getenv("XDG_CACHE_HOME")
        : System.getProperty("user.home") + "/.cache";
    Path bin = Path.of(System.getenv().getOrDefault("RBD_CACHE", cache + "/rollback-drill"), "metrics-stack/usr/bin");
    return Files.isExecutable(bin.resolve("prometheus")) && Files.isExecutable(bin.resolve("prometheus-pushgateway"))
        ? bin : null;
  }

  private PrometheusStack(Path dir) throws IOException {
    this.dir = dir;
    files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext("/", exchange -> {
      String name = exchange.getRequestURI().getPath().substring(1);
      Path file = served.get(name);
      byte[] body = file != null && Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      exchange.getResponseHeaders().set("Content-Type", name.equals("openmetrics")
          ? "application/openmetrics-text; version=1.0.0; charset=utf-8" : "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(file == null ? 404 : 200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    files.start();
  }

  /** Starts both and waits until they answer {@code /-/ready}. */
  public static PrometheusStack start(Path dir) throws IOException, InterruptedException {
    Path bin = binaries();
    if (bin == null) {
      throw new IllegalStateException("Prometheus is not unpacked: run ci/cluster/install.sh --packages");
    }
    PrometheusStack stack = new PrometheusStack(dir);
    try {
      stack.pushgatewayPort = freePort();
      stack.launch("pushgateway", bin.resolve("prometheus-pushgateway").toString(),
          "--web.listen-address=127.0.0.1:" + stack.pushgatewayPort);
      stack.prometheusPort = freePort();
      Path config = Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
          scrape_configs:
            - job_name: pushgateway
              honor_labels: true
              static_configs: [{targets: ['127.0.0.1:%d']}]
            - job_name: textfile-prometheus
              metrics_path: /prometheus
              static_configs: [{targets: ['127.0.0.1:%d']}]
            - job_name: textfile-openmetrics
              metrics_path: /openmetrics
              static_configs: [{targets: ['127.0.0.1:%d']}]
          """.formatted(stack.pushgatewayPort, stack.files.getAddress().getPort(), stack.files.getAddress().getPort()));
      stack.launch("prometheus", bin.resolve("prometheus").toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + stack.prometheusPort);
      stack.awaitReady(stack.pushgatewayPort);
      stack.awaitReady(stack.prometheusPort);
      return stack;
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  /** The Pushgateway's base URL, as {@code drill run --push-metrics} takes it. */
  public String pushgateway() {
    return "http://127.0.0.1:" + pushgatewayPort;
  }

  /** Serves {@code file} at {@code /prometheus} or {@code /openmetrics}, read afresh at every scrape. */
  public void serve(String path, Path file) {
    served.put(path, file);
  }

  /** The result vector of an instant query (each element {@code {metric: {...}, value: [t, "v"]}}). */
  public List<JsonNode> query(String promql) throws IOException, InterruptedException {
    JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    List<JsonNode> out = new ArrayList<>();
    answer.path("data").path("result").forEach(out::add);
    return out;
  }

  /** The values of a label, as Grafana's {@code label_values(metric, label)} asks the API for them. */
  public List<String> labelValues(String label, String match) throws IOException, InterruptedException {
    JsonNode answer = get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(match, StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    answer.path("data").forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Queries until the result satisfies {@code done}, for at most {@code timeout}; the last result. */
  public List<JsonNode> awaitQuery(String promql, Predicate<List<JsonNode>> done, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> result = query(promql);
    while (!done.test(result) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      result = query(promql);
    }
    return result;
  }

  /** The single value of a one-element result. */
  public static double value(List<JsonNode> result) {
    if (result.size() != 1) {
      throw new AssertionError("expected one series, got " + result);
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
      throw new AssertionError("Prometheus answered " + r.statusCode() + " to " + pathAndQuery + ": " + r.body());
    }
    return answer;
  }

  private void launch(String name, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    processes.add(pb.start());
  }

  private void awaitReady(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a metrics process exited (" + p.exitValue() + "); logs in " + dir);
        }
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("127.0.0.1:" + port + " not ready within 30 s; logs in " + dir);
      }
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops both (TERM, then KILL after 10 s) and the file server; nothing is left running. */
  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    files.stop(0);
  }
}
