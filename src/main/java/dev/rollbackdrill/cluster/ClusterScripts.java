package dev.rollbackdrill.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the local cluster's scripts ({@code cluster.sh}, {@code postgres.sh}, the demo service)
 * are: {@code ci/cluster} of this project's checkout when the tool runs from one, otherwise the
 * copy the jar carries, unpacked once into {@code ~/.cache/rollback-drill/tool/VERSION-HASH/}
 * (the cache the scripts themselves use; {@code RBD_CACHE} or {@code XDG_CACHE_HOME} move it).
 * That is what lets the jar alone drive the local cluster from a team's own repository.
 */
public final class ClusterScripts {

  /** Where the build puts {@code ci/cluster} inside the jar. */
  static final String BUNDLE = "dev/rollbackdrill/cluster/scripts/";

  private ClusterScripts() {}

  /** The folder holding {@code cluster.sh} and its siblings, unpacking the jar's copy if needed. */
  public static Path folder() {
    Path checkout = ClusterProviders.projectHome().resolve("ci/cluster");
    if (Files.isRegularFile(checkout.resolve("cluster.sh"))) {
      return checkout;
    }
    try {
      return unpack(bundled(), cache().resolve("tool"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack the local cluster's scripts: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code files} (relative name to content) under {@code root}/HASH/ci/cluster, once: the
   * folder is named by the files' hash and filled in a temporary sibling that is renamed into
   * place, so two first runs at once, or a run killed half way, never leave a partial copy in use.
   * A file that starts with {@code #!} is made executable.
   */
  static Path unpack(Map<String, byte[]> files, Path root) throws IOException {
    if (files.isEmpty()) {
      throw new IOException("this build carries no cluster scripts (" + BUNDLE + " missing)");
    }
    Path done = root.resolve(hash(files)).resolve("ci/cluster");
    if (Files.isRegularFile(done.resolve("cluster.sh"))) {
      return done;
    }
    Files.createDirectories(done.getParent());
    Path tmp = Files.createTempDirectory(done.getParent(), ".unpack-");
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path to = tmp.resolve(f.getKey()).normalize();
        if (!to.startsWith(tmp)) {
          throw new IOException("bundled script outside its folder: " + f.getKey());
        }
        Files.createDirectories(to.getParent());
        Files.write(to, f.getValue());
        byte[] b = f.getValue();
        if (b.length > 1 && b[0] == '#' && b[1] == '!') {
          to.toFile().setExecutable(true, false);
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    try {
      Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
      deleteTree(tmp);
    } catch (IOException e) {
      deleteTree(tmp);
      if (!Files.isRegularFile(done.resolve("cluster.sh"))) {
        throw e;
      }
    }
    return done;
  }

  /** The scripts this build carries, read from its jar (or its classes folder in a build). */
  static Map<String, byte[]> bundled() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    Path source;
    try {
      source = Path.of(ClusterScripts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      throw new IOException("cannot locate this build's jar: " + e.getMessage(), e);
    }
    if (Files.isDirectory(source)) {
      Path dir = source.resolve(BUNDLE);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
            files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
          }
        }
      }
      return files;
    }
    try (JarFile jar = new JarFile(source.toFile())) {
      for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
        if (!e.isDirectory() && e.getName().startsWith(BUNDLE)) {
          try (InputStream in = jar.getInputStream(e)) {
            files.put(e.getName().substring(BUNDLE.length()), in.readAllBytes());
          }
        }
      }
    }
    return files;
  }

  /** The cache the scripts use ({@code ci/cluster/lib.sh}'s {@code RBD_CACHE}). */
  static Path cache() {
    String rbd = System.getenv("RBD_CACHE");
    if (rbd != null && !rbd.isBlank()) {
      return Path.of(rbd);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("rollback-drill");
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        d.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(f.getValue());
        d.update((byte) 0);
      }
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
