package dev.rollbackdrill.cli;

import dev.rollbackdrill.scenario.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP request a run makes at its end (a chat message, a metrics push), bounded by a timeout
 * and answered by a warning instead of an exception: what it delivers never fails the run. The
 * URL may hold a secret (a webhook's token), so messages name its scheme, host and port only.
 */
final class HttpSend {

  private HttpSend() {}

  /**
   * Sends {@code body} with {@code method}; null when the server answered 2xx, else a warning that
   * starts with {@code what} ("notification", "metrics push").
   */
  static String send(String what, URI url, String method, String contentType, String body, Duration timeout) {
    String where = where(url);
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
      HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      if (response.statusCode() / 100 != 2) {
        String answer = response.body() == null ? "" : response.body().strip();
        return what + " to " + where + " failed: HTTP " + response.statusCode()
            + (answer.isEmpty() ? "" : " (" + (answer.length() > 200 ? answer.substring(0, 197) + "..." : answer) + ")");
      }
      return null;
    } catch (TimeoutException e) {
      return what + " to " + where + " got no answer within " + Durations.format(timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return cause instanceof HttpTimeoutException
          ? what + " to " + where + " got no answer within " + Durations.format(timeout)
          : what + " to " + where + " failed: " + (cause instanceof IOException && cause.getMessage() != null
              ? cause.getMessage() : String.valueOf(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return what + " to " + where + " interrupted";
    }
  }

  /** The URL as messages may show it: scheme, host and port. */
  static String where(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  /** An http(s) URL with a host, or an IllegalArgumentException naming {@code option}. */
  static URI httpUrl(URI url, String option, String expected) {
    if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
      throw new IllegalArgumentException(option + " expects an http(s) URL of " + expected);
    }
    return url;
  }
}
