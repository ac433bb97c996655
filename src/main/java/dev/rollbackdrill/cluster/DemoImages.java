package dev.rollbackdrill.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The demo fixture's images ({@code rollback-drill/demo:v1}, {@code v2}, {@code v3}) for a cluster
 * with an image store of its own, such as k3s's containerd. Those already in the Docker engine are
 * used as they are (on Linux, {@code ci/cluster/images.sh} makes them); missing ones are built
 * from {@code ci/cluster/demo/Dockerfile} on a public busybox image, which the engine pulls. Then
 * all three are saved into one archive for {@code ctr images import}.
 *
 * <p>An image built here has no {@code psql}: the {@code demo-db} fixture needs the local cluster.
 */
final class DemoImages {

  static final String REPOSITORY = "rollback-drill/demo";
  static final List<String> VERSIONS = List.of("v1", "v2", "v3");
  /** The Dockerfile's base image; {@code rollbackdrill.demoBase} replaces it (a test's local copy). */
  static final String BASE = "busybox:1.36";

  private final DockerImages images;
  private final Path demoFolder;
  private final String base;

  DemoImages(DockerImages images, Path scriptsFolder, String base) {
    this.images = images;
    this.demoFolder = scriptsFolder.resolve("demo");
    this.base = base;
  }

  /** As used by the k3s provider: the base from {@code rollbackdrill.demoBase}, else {@link #BASE}. */
  static DemoImages forK3s(DockerImages images, Path scriptsFolder) {
    return new DemoImages(images, scriptsFolder, System.getProperty("rollbackdrill.demoBase", BASE));
  }

  static List<String> references() {
    return VERSIONS.stream().map(v -> REPOSITORY + ":" + v).toList();
  }

  /** Builds each demo image the engine lacks; returns how many were built. */
  int ensure(PrintStream log) throws ClusterException {
    if (!Files.isRegularFile(demoFolder.resolve("Dockerfile"))) {
      throw new ClusterException("no Dockerfile in " + demoFolder + ": cannot build the demo images");
    }
    int built = 0;
    for (String v : VERSIONS) {
      String ref = REPOSITORY + ":" + v;
      if (images.present(ref)) {
        continue;
      }
      if (built == 0 && !images.present(base)) {
        images.pull(base, log);
      }
      log.println("[cluster] building " + ref + " from " + demoFolder.resolve("Dockerfile") + " on " + base);
      images.build(demoFolder, ref, Map.of("BASE", base, "VERSION", v));
      built++;
    }
    return built;
  }

  /** Saves the three images into {@code archive} (after {@link #ensure}). */
  void save(Path archive) throws ClusterException {
    images.save(references(), archive);
  }
}
