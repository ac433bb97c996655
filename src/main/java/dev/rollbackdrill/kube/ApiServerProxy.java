package dev.rollbackdrill.kube;

import dev.rollbackdrill.scenario.HttpCheck;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reaches workloads the only way this project allows: through the API server's {@code proxy}
 * subresource of a Service or a pod, authenticated as the drill's client. Never a ClusterIP or a
 * pod address: on these machines only the API server may talk to the pods.
 */
public final class ApiServerProxy {

  private ApiServerProxy() {}

  /** The proxy URL of {@code path} on {@code service}:{@code port}. */
  public static String serviceUrl(KubernetesClient client, String ns, String service, int port, String path) {
    return base(client) + "/api/v1/namespaces/" + ns + "/services/" + service + ":" + port + "/proxy" + path;
  }

  /** The proxy URL of {@code path} on {@code pod}:{@code port}. */
  public static String podUrl(KubernetesClient client, String ns, String pod, int port, String path) {
    return base(client) + "/api/v1/namespaces/" + ns + "/pods/" + pod + ":" + port + "/proxy" + path;
  }

  /**
   * What an HTTP check probes, by name ("service NAME", "pod NAME"): the Service it names, else
   * each of {@code pods}.
   */
  public static Map<String, String> checkUrls(KubernetesClient client, String ns, HttpCheck check, List<Pod> pods) {
    Map<String, String> urls = new LinkedHashMap<>();
    if (check.service() != null) {
      urls.put("service " + check.service(), serviceUrl(client, ns, check.service(), check.port(), check.path()));
      return urls;
    }
    for (Pod p : pods) {
      urls.put("pod " + p.getMetadata().getName(), podUrl(client, ns, p.getMetadata().getName(), check.port(), check.path()));
    }
    return urls;
  }

  private static String base(KubernetesClient client) {
    return client.getMasterUrl().toString().replaceAll("/$", "");
  }

  /**
   * A few GETs of the API server's {@code /version} on the same path the load takes, so the first
   * measured requests do not pay for connecting, the TLS handshake and class loading. Best effort.
   */
  public static void warmUp(KubernetesClient client) {
    for (int i = 0; i < 5; i++) {
      try {
        get(client, base(client) + "/version").get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        return; // the load itself will show what is wrong
      }
    }
  }

  /** An answer's status and its {@code X-Served-By} header (the pod that served it, when the service says), else null. */
  public record Answer(int status, String servedBy) {}

  /** GETs {@code url}; completes with the status and who served it, or exceptionally when no answer came. */
  public static CompletableFuture<Answer> answer(KubernetesClient client, String url) {
    HttpClient http = client.getHttpClient();
    HttpRequest req = http.newHttpRequestBuilder().uri(url).build();
    return http.sendAsync(req, String.class).thenApply(r -> new Answer(r.code(), r.header("X-Served-By")));
  }

  /** GETs {@code url}; completes with the HTTP status, or exceptionally when no answer came. */
  public static CompletableFuture<Integer> get(KubernetesClient client, String url) {
    HttpClient http = client.getHttpClient();
    HttpRequest req = http.newHttpRequestBuilder().uri(url).build();
    return http.sendAsync(req, String.class).thenApply(HttpResponse::code);
  }
}
