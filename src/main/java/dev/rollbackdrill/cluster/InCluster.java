package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster this process runs in, as a pod ({@code in-cluster} or {@code in-cluster:NAME}):
 * the API server from {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}, the
 * pod's ServiceAccount token and CA certificate. NAME (default {@code in-cluster}) is what
 * records call the cluster. rollback-drill never starts or stops it. A pod on {@code
 * hostNetwork} of a cluster without kube-proxy sets the two variables to the API server's own
 * address; {@code KUBERNETES_TRUST_CERTIFICATES=true} (fabric8's variable) skips certificate
 * checks for a test cluster whose API server certificate the CA file does not cover.
 */
final class InCluster extends ExternalCluster {

  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final String name;
  private final Map<String, String> env;
  private final Path serviceAccount;

  InCluster(String name) {
    this(name, System.getenv(), SERVICE_ACCOUNT);
  }

  InCluster(String name, Map<String, String> env, Path serviceAccount) {
    this.name = name == null || name.isBlank() ? "in-cluster" : name;
    this.env = env;
    this.serviceAccount = serviceAccount;
  }

  @Override
  public String id() {
    return name.equals("in-cluster") ? "in-cluster" : "in-cluster:" + name;
  }

  @Override
  public Optional<String> unavailableReason() {
    if (blank(env.get("KUBERNETES_SERVICE_HOST")) || blank(env.get("KUBERNETES_SERVICE_PORT"))) {
      return Optional.of(id() + ": not running in a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)");
    }
    if (!Files.isReadable(serviceAccount.resolve("token"))) {
      return Optional.of(id() + ": no ServiceAccount token at " + serviceAccount.resolve("token")
          + " (is automountServiceAccountToken false?)");
    }
    return Optional.empty();
  }

  /** The client configuration, read fresh from the environment and the mounted token. */
  Config config() throws ClusterException {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent()) {
      throw new ClusterException(reason.get());
    }
    String host = env.get("KUBERNETES_SERVICE_HOST");
    Config c = Config.empty();
    c.setMasterUrl("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + env.get("KUBERNETES_SERVICE_PORT"));
    try {
      c.setOauthToken(Files.readString(serviceAccount.resolve("token")).strip());
      Path ca = serviceAccount.resolve("ca.crt");
      if (Files.isReadable(ca) && Files.size(ca) > 0) {
        c.setCaCertFile(ca.toString());
      }
      Path ns = serviceAccount.resolve("namespace");
      if (Files.isReadable(ns)) {
        c.setNamespace(Files.readString(ns).strip());
      }
    } catch (IOException e) {
      throw new ClusterException(id() + ": cannot read the ServiceAccount files in " + serviceAccount + ": " + e.getMessage(), e);
    }
    if ("true".equalsIgnoreCase(env.get("KUBERNETES_TRUST_CERTIFICATES"))) {
      c.setTrustCerts(true);
      c.setDisableHostnameVerification(true);
    }
    return Kubeconfigs.tune(c);
  }

  @Override
  public ClusterHandle up(PrintStream log) throws ClusterException {
    ClusterHandle handle = new ClusterHandle(id(), name, config(), null);
    try (KubernetesClient client = handle.newClient()) {
      String version = client.getKubernetesVersion().getGitVersion();
      log.println("[cluster] " + id() + " answers at " + handle.config().getMasterUrl() + ": Kubernetes " + version);
    } catch (RuntimeException e) {
      throw new ClusterException(id() + ": the API server at " + handle.config().getMasterUrl() + " does not answer: "
          + e.getMessage(), e);
    }
    return handle;
  }

  @Override
  public Optional<Path> kubeconfig() {
    return Optional.empty();
  }

  /** The name records use, and the API server host from the pod's environment. */
  @Override
  public List<String> identifiers() {
    List<String> names = new java.util.ArrayList<>(List.of(name));
    if (!blank(env.get("KUBERNETES_SERVICE_HOST"))) {
      names.add(env.get("KUBERNETES_SERVICE_HOST"));
    }
    return names;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
