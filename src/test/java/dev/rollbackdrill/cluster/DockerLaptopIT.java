package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.LaptopEngines;
import dev.rollbackdrill.testing.OnLocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Issue 17's laptop path, as far as this machine can go without a registry: a Docker engine new
 * enough for Testcontainers 2 (trixie's 26.1) makes {@code embedded} pick k3s, while bookworm's
 * (the local cluster's, API 1.41) leaves it on the local cluster; a missing k3s image is pulled
 * with progress (from a registry on loopback standing in for Docker Hub); and the demo images are
 * built from {@code ci/cluster/demo/Dockerfile} on a busybox base, saved as k3s gets them, imported
 * into a real containerd with {@code ctr images import} (as k3s's own ctr does) and served there.
 *
 * <p>Runs in the failsafe execution {@code docker-laptop}, whose JVM has {@code DOCKER_HOST} on
 * this test's engine (Testcontainers reads it once per JVM). Not run here: k3s itself (its image
 * comes only from a registry), so neither the container's start nor the import inside it.
 */
@OnLocalCluster
class DockerLaptopIT {

  private static final String BASE = "rollback-drill-test/busybox:local";

  @TempDir static Path dir;
  private static boolean docker0;
  private static LaptopEngines engines;
  private static DockerClient docker;

  @BeforeAll
  static void startEngines() throws Exception {
    String socket = System.getProperty(LaptopEngines.SOCKET_PROPERTY);
    Assumptions.assumeTrue(socket != null && ("unix://" + socket).equals(System.getenv("DOCKER_HOST")),
        "runs in the failsafe execution docker-laptop, which points DOCKER_HOST at this test's engine");
    docker0 = LaptopEngines.interfaceExists("docker0");
    engines = LaptopEngines.start(Path.of(socket), dir);
    docker = DockerClientFactory.instance().client();
    importBusybox(BASE, null);
  }

  @AfterAll
  static void stopEngines() throws Exception {
    if (engines != null) {
      engines.close();
      assertThat(LaptopEngines.interfaceExists(LaptopEngines.BRIDGE)).as("the engine's bridge is deleted").isFalse();
      assertThat(LaptopEngines.interfaceExists("docker0")).as("the local cluster's docker0 is left as it was").isEqualTo(docker0);
    }
  }

  @Test
  void embeddedPicksK3sOnANewEnoughDockerAndTheLocalClusterOnBookwormsDocker() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ClusterProvider chosen = ClusterProviders.of(ClusterProviders.EMBEDDED, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(chosen.id()).isEqualTo("k3s");
    assertThat(chosen.unavailableReason()).isEmpty();
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();

    Map<String, String> laptop = Map.of("DOCKER_HOST", System.getenv("DOCKER_HOST"), "TESTCONTAINERS_RYUK_DISABLED", "true",
        "TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
    DrillCli.Running onLaptop = DrillCli.start(laptop, "cluster", "status", "--cluster", "embedded");
    assertThat(onLaptop.waitFor(Duration.ofMinutes(2))).as(onLaptop.output()).isEqualTo(3); // k3s: not running yet
    assertThat(onLaptop.output()).contains("k3s: not started (it lives only as long as a drill run)");

    // The local cluster's engine is bookworm's docker.io: API 1.41, which Testcontainers 2 refuses.
    Map<String, String> bookworm = Map.of("DOCKER_HOST", "unix:///var/run/docker.sock", "TESTCONTAINERS_RYUK_DISABLED", "true",
        "TESTCONTAINERS_HOST_OVERRIDE", "127.0.0.1");
    DrillCli.Running onBookworm = DrillCli.start(bookworm, "cluster", "status", "--cluster", "embedded");
    assertThat(onBookworm.waitFor(Duration.ofMinutes(2))).as(onBookworm.output()).isZero();
    assertThat(onBookworm.output())
        .contains("[cluster] k3s: Testcontainers finds no Docker engine it can use here (none running, or its API is too old);"
            + " using the local cluster")
        .contains("node drill-node: Ready");
  }

  @Test
  void aMissingK3sImageIsPulledWithProgressAndAnUnknownOneIsAClearError() throws Exception {
    // An image of its own (no layer shared with the base), in the registry only: the pull downloads it.
    String image = engines.registry() + "/rancher/k3s:pull-test";
    importBusybox(image, "pull-test");
    docker.pushImageCmd(engines.registry() + "/rancher/k3s").withTag("pull-test")
        .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion(2, TimeUnit.MINUTES);
    docker.removeImageCmd(image).exec();
    DockerImages images = new DockerImages(docker);
    assertThat(images.present(image)).isFalse();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
    new K3sCluster(image, ClusterScripts.folder()).ensureImage(images, log);

    assertThat(images.present(image)).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .first().isEqualTo("[cluster] " + image + " is not present in Docker: pulling it");
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
        .anyMatch(l -> l.startsWith("[cluster] pulling " + image + ": "))
        .last().asString().matches("\\[cluster] pulled " + java.util.regex.Pattern.quote(image)
            + ": (\\d+\\.\\d) of \\1 MB so far, 1 of 1 layers done");

    out.reset();
    new K3sCluster(image, ClusterScripts.folder()).ensureImage(images, log);
    assertThat(out.toString(StandardCharsets.UTF_8)).as("present: no second pull").isEmpty();

    String missing = engines.registry() + "/rancher/k3s:no-such-tag";
    assertThatThrownBy(() -> new K3sCluster(missing, ClusterScripts.folder()).ensureImage(images, log))
        .isInstanceOf(ClusterException.class)
        .hasMessageStartingWith("cannot pull " + missing + ": ")
        .hasMessageEndingWith("(k3s needs it; or use --cluster local where it runs)");
  }

  @Test
  void theDemoImagesBuiltFromTheDockerfileImportIntoContainerdAndServeTheirVersion() throws Exception {
    DockerImages images = new DockerImages(docker);
    for (String ref : DemoImages.references()) {
      if (images.present(ref)) {
        docker.removeImageCmd(ref).withForce(true).exec();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoImages demo = new DemoImages(images, ClusterScripts.folder(), BASE);
    assertThat(demo.ensure(new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("[cluster] building rollback-drill/demo:v1 from ").contains(" on " + BASE);
    assertThat(demo.ensure(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .as("built once").isZero();

    Path archive = dir.resolve("demo-images.tar");
    demo.save(archive);
    LaptopEngines.Result imported = engines.ctr("images", "import", archive.toString());
    assertThat(imported.exit()).as(imported.output()).isZero();
    LaptopEngines.Result listed = engines.ctr("images", "ls", "-q");
    assertThat(listed.output().lines()).contains(
        "docker.io/rollback-drill/demo:v1", "docker.io/rollback-drill/demo:v2", "docker.io/rollback-drill/demo:v3");

    for (String v : new String[] {"v2", "v3"}) {
      int port = LaptopEngines.freePort();
      LaptopEngines.Result served = engines.ctr("run", "--rm", "--net-host", "--env", "DEMO_PORT=" + port,
          "docker.io/rollback-drill/demo:" + v, "rbd-demo-" + v + "-" + port, "sh", "-c",
          "/start.sh >/tmp/start.log 2>&1 & for i in 1 2 3 4 5 6 7 8 9 10; do"
              + " wget -qO- http://127.0.0.1:" + port + "/cgi-bin/version 2>/dev/null && exit 0; sleep 0.3; done;"
              + " cat /tmp/start.log; exit 1");
      assertThat(served.exit()).as(served.output()).isZero();
      assertThat(served.output().strip()).isEqualTo(v);
    }
  }

  /**
   * Imports {@code image}: Debian's busybox-static as one layer, as Docker Hub's busybox would be on
   * a laptop; {@code marker}, when given, is written into it so that its layer is its own.
   */
  private static void importBusybox(String image, String marker) throws IOException, InterruptedException, ClusterException {
    Path root = Files.createTempDirectory(dir, "busybox-root");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("tmp"));
    Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
    Process list = new ProcessBuilder("/bin/busybox", "--list").start();
    for (String applet : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!applet.isBlank() && !applet.equals("busybox")) {
        Files.createSymbolicLink(root.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
      }
    }
    list.waitFor();
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n");
    if (marker != null) {
      Files.writeString(root.resolve(marker), marker + "\n");
    }
    Path context = Files.createTempDirectory(dir, "busybox-context");
    Process tar = new ProcessBuilder("tar", "-C", root.toString(), "-cf", context.resolve("rootfs.tar").toString(), ".")
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nADD rootfs.tar /\n");
    new DockerImages(docker).build(context, image, Map.of());
  }
}
