package dev.rollbackdrill.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A temporary kubeconfig holding the drill's cluster and credentials and nothing else, with
 * its current-context set: what a runbook command gets as {@code KUBECONFIG}. It is written from
 * the client configuration the drill itself uses, so a runbook reaches exactly the drill's
 * cluster whatever the provider and whatever the user's own kubeconfig's current-context is
 * (which might be production), as the drill's identity, impersonating the on-call identity
 * ({@code as}, {@code as-groups}) when the drill does. The file is created readable by its owner
 * only (0600) and deleted by {@link #close}. Its name starts with the harness's pid: a harness
 * killed outright (kill -9) cannot delete it, so the next one to write a file in the folder deletes
 * every file of a harness that is no longer running, and credentials do not pile up.
 */
public final class DrillKubeconfig implements AutoCloseable {

  /** The one context (and cluster and user) the file names. */
  public static final String CONTEXT = "rollback-drill";

  /** The folder under the temporary folder that holds the files. */
  public static final String FOLDER = "rollback-drill-kubeconfigs";

  private final Path path;

  private DrillKubeconfig(Path path) {
    this.path = path;
  }

  /** Writes {@code config} as a kubeconfig into a new 0600 file in the temporary folder's {@value #FOLDER}. */
  public static DrillKubeconfig write(Config config) throws IOException {
    Path dir = defaultFolder();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return write(config, dir);
  }

  /** As {@link #write(Config)}, in {@code dir}. */
  public static DrillKubeconfig write(Config config, Path dir) throws IOException {
    removeLeftovers(dir);
    Path p = Files.createTempFile(dir, ProcessHandle.current().pid() + "-", ".kubeconfig",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(p, yaml(config), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(p);
      throw e;
    }
    // Belt and braces: a JVM that exits while a runbook runs still removes the credentials.
    p.toFile().deleteOnExit();
    return new DrillKubeconfig(p);
  }

  public Path path() {
    return path;
  }

  /** As {@link #removeLeftovers(Path)}, in the default folder (when there is one). */
  public static void removeLeftovers() {
    Path dir = defaultFolder();
    if (Files.isDirectory(dir)) {
      removeLeftovers(dir);
    }
  }

  private static Path defaultFolder() {
    return Path.of(System.getProperty("java.io.tmpdir"), FOLDER);
  }

  /** Deletes the files in {@code dir} whose harness (the pid their name starts with) no longer runs. */
  static void removeLeftovers(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        int dash = name.indexOf('-');
        if (!name.endsWith(".kubeconfig") || dash <= 0 || !name.substring(0, dash).matches("\\d{1,10}")) {
          continue;
        }
        if (ProcessHandle.of(Long.parseLong(name.substring(0, dash))).isEmpty()) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // Best effort: a file that cannot be listed or deleted now is tried again by the next harness.
    }
  }

  /** Deletes the file. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // deleteOnExit removes it when the JVM ends
    }
  }

  /** The kubeconfig for {@code config}: one cluster, one user, one context, current. */
  static String yaml(Config config) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("server", config.getMasterUrl());
    putFirst(cluster, "certificate-authority-data", config.getCaCertData(), "certificate-authority", config.getCaCertFile());
    if (config.isTrustCerts()) {
      cluster.put("insecure-skip-tls-verify", true);
    }
    Map<String, Object> user = new LinkedHashMap<>();
    String token = token(config);
    if (token != null) {
      user.put("token", token);
    }
    putFirst(user, "client-certificate-data", config.getClientCertData(), "client-certificate", config.getClientCertFile());
    putFirst(user, "client-key-data", config.getClientKeyData(), "client-key", config.getClientKeyFile());
    if (token == null && config.getUsername() != null && config.getPassword() != null) {
      user.put("username", config.getUsername());
      user.put("password", config.getPassword());
    }
    if (config.getImpersonateUsername() != null) {
      user.put("as", config.getImpersonateUsername());
    }
    if (config.getImpersonateGroups() != null && config.getImpersonateGroups().length > 0) {
      user.put("as-groups", List.of(config.getImpersonateGroups()));
    }
    Map<String, Object> kubeconfig = new LinkedHashMap<>();
    kubeconfig.put("apiVersion", "v1");
    kubeconfig.put("kind", "Config");
    kubeconfig.put("clusters", List.of(Map.of("name", CONTEXT, "cluster", cluster)));
    kubeconfig.put("users", List.of(Map.of("name", CONTEXT, "user", user)));
    kubeconfig.put("contexts", List.of(Map.of("name", CONTEXT, "context", Map.of("cluster", CONTEXT, "user", CONTEXT))));
    kubeconfig.put("current-context", CONTEXT);
    return Serialization.asYaml(kubeconfig);
  }

  /** The bearer token the client sends: set explicitly, from a kubeconfig (the "auto" one), or from a provider. */
  private static String token(Config config) {
    if (notBlank(config.getOauthToken())) {
      return config.getOauthToken();
    }
    if (notBlank(config.getAutoOAuthToken())) {
      return config.getAutoOAuthToken();
    }
    if (config.getOauthTokenProvider() != null) {
      String t = config.getOauthTokenProvider().getToken();
      return notBlank(t) ? t : null;
    }
    return null;
  }

  private static void putFirst(Map<String, Object> m, String dataKey, String data, String fileKey, String file) {
    if (notBlank(data)) {
      m.put(dataKey, data);
    } else if (notBlank(file)) {
      m.put(fileKey, file);
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
