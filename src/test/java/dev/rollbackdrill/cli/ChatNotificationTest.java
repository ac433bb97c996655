package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --notify}: one Slack-compatible message per run to a real HTTP receiver on loopback; only
 * on failure unless asked always; a webhook that fails or hangs gives a warning within its timeout
 * and nothing else, and never shows its URL's path (the secret part).
 */
class ChatNotificationTest {

  private static final ConsoleProgress.Row PASSED = new ConsoleProgress.Row("noop-undo", "PASSED", 2_100_000_000L,
      30_000_000_000L, "trigger-to-healthy 2.1s within SLO 30s", "drills/2026/12/x-noop-undo-i1.json", 240L, 7L);
  private static final ConsoleProgress.Row FORWARD = new ConsoleProgress.Row("migration-rename", "FORWARD_ONLY", null,
      30_000_000_000L, "healthy: blocked by the migration: column \"email\" does not exist", "drills/2026/12/y.json");

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  private URI receiver(int status, boolean hang) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/services/T000/B000/secret-token", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (hang) {
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/secret-token");
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aFailedRunPostsOneMessageWithEachVerdict() throws Exception {
    URI url = receiver(200, false);

    String warning = new ChatNotification(url, ChatNotification.When.FAILURE, Duration.ofSeconds(5),
        "https://ci.example.com/runs/42").post(List.of(PASSED, FORWARD), "alice");

    assertThat(warning).isNull();
    assertThat(bodies).hasSize(1);
    Map<String, Object> json = new ObjectMapper().readValue(bodies.get(0),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    assertThat(json).containsOnlyKeys("text");
    assertThat((String) json.get("text")).isEqualTo("rollback-drill: 1 of 2 drills met their SLO (run by alice)\n"
        + "- noop-undo: PASSED, trigger-to-healthy 2.1s (SLO 30s), 7 of 240 user requests failed"
        + " (record drills/2026/12/x-noop-undo-i1.json)\n"
        + "- migration-rename: FORWARD_ONLY: healthy: blocked by the migration: column \"email\" does not exist"
        + " (record drills/2026/12/y.json)\n"
        + "report: https://ci.example.com/runs/42");
  }

  @Test
  void onlyOnFailureUnlessAskedAlways() throws Exception {
    URI url = receiver(200, false);

    assertThat(new ChatNotification(url, ChatNotification.When.FAILURE, Duration.ofSeconds(5), null).post(List.of(PASSED), "a"))
        .isNull();
    assertThat(bodies).isEmpty();
    new ChatNotification(url, ChatNotification.When.ALWAYS, Duration.ofSeconds(5), null).post(List.of(PASSED), "a");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void aFailingWebhookIsAWarningThatNeverShowsTheSecretPath() throws Exception {
    URI url = receiver(500, false);

    String warning = new ChatNotification(url, ChatNotification.When.ALWAYS, Duration.ofSeconds(5), null).post(List.of(FORWARD), "a");

    assertThat(warning).isEqualTo("notification to http://127.0.0.1:" + url.getPort() + " failed: HTTP 500");
    assertThat(warning).doesNotContain("secret-token");
  }

  @Test
  void aHangingWebhookCostsAtMostItsTimeout() throws Exception {
    URI url = receiver(200, true);
    long start = System.nanoTime();

    String warning = new ChatNotification(url, ChatNotification.When.ALWAYS, Duration.ofSeconds(1), null).post(List.of(FORWARD), "a");
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(warning).isEqualTo("notification to http://127.0.0.1:" + url.getPort() + " got no answer within 1s");
    // An upper bound far from the timeout, so a loaded machine cannot flake it: the point is "not 30 s".
    assertThat(seconds).isLessThan(10);
  }

  @Test
  void nothingListeningIsAWarningToo() {
    URI url = URI.create("http://127.0.0.1:1/hook");

    String warning = new ChatNotification(url, ChatNotification.When.ALWAYS, Duration.ofSeconds(2), null).post(List.of(FORWARD), "a");

    assertThat(warning).startsWith("notification to http://127.0.0.1:1 failed: ");
  }
}
