package dev.rollbackdrill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.scenario.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code drill run --notify URL}: one message per run to a chat webhook, as Slack's incoming
 * webhooks take it ({@code {"text": ...}}; Mattermost's take the same, Teams' workflow webhooks
 * read {@code text} too): how many drills met their SLO, each drill's verdict and
 * trigger-to-healthy against its SLO or its reason, who ran them and where the records went. A
 * webhook that fails or hangs costs at most the timeout and never changes the run's exit code or
 * its records; the webhook's URL, which is a secret, is never printed beyond its host.
 */
final class ChatNotification {

  /** When to post. */
  enum When {
    FAILURE,
    ALWAYS
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final When when;
  private final Duration timeout;
  private final String reportLink;

  /** {@code reportLink}, a URL or path of the report (null for none), ends the message. */
  ChatNotification(URI url, When when, Duration timeout, String reportLink) {
    this.url = url;
    this.when = when;
    this.timeout = timeout;
    this.reportLink = reportLink;
  }

  /** The message for {@code rows}, one line per drill, then the report's link when there is one. */
  static String text(List<ConsoleProgress.Row> rows, String executedBy, String reportLink) {
    String text = text(rows, executedBy);
    return reportLink == null || reportLink.isBlank() ? text : text + "\nreport: " + reportLink.strip();
  }

  /** The message for {@code rows}, one line per drill. */
  static String text(List<ConsoleProgress.Row> rows, String executedBy) {
    long passed = rows.stream().filter(r -> r.verdict().equals("PASSED")).count();
    StringBuilder b = new StringBuilder("rollback-drill: ").append(passed).append(" of ").append(rows.size())
        .append(" drills met their SLO").append(executedBy == null ? "" : " (run by " + executedBy + ")");
    for (ConsoleProgress.Row r : rows) {
      b.append("\n- ").append(r.drill()).append(": ").append(r.verdict());
      if (r.triggerToHealthyNanos() != null) {
        b.append(", trigger-to-healthy ").append(Durations.format(Duration.ofNanos(r.triggerToHealthyNanos())))
            .append(" (SLO ").append(Durations.format(Duration.ofNanos(r.sloNanos()))).append(")");
      }
      if (r.requests() != null && r.failedRequests() != null) {
        b.append(", ").append(r.failedRequests()).append(" of ").append(r.requests()).append(" user requests failed");
      }
      if (!r.verdict().equals("PASSED") && r.reason() != null) {
        b.append(": ").append(r.reason().length() > 300 ? r.reason().substring(0, 297) + "..." : r.reason());
      }
      if (r.record() != null) {
        b.append(" (record ").append(r.record()).append(")");
      }
    }
    return b.toString();
  }

  /**
   * Posts the message unless {@link When#FAILURE} and every drill passed; returns a warning for the
   * console when the webhook failed or did not answer in time, else null.
   */
  String post(List<ConsoleProgress.Row> rows, String executedBy) {
    if (when == When.FAILURE && rows.stream().allMatch(r -> r.verdict().equals("PASSED"))) {
      return null;
    }
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("text", text(rows, executedBy, reportLink)));
    } catch (JsonProcessingException e) {
      return "notification not sent: " + e.getMessage();
    }
    return HttpSend.send("notification", url, "POST", "application/json", body, timeout);
  }
}
