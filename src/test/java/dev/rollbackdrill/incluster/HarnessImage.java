package dev.rollbackdrill.incluster;

import dev.rollbackdrill.cluster.ClusterProviders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The harness image for in-cluster tests: built by the Maven profile {@code image} (the base by
 * {@code ci/image/build-base.sh}, the harness by Jib) when it is missing or older than the
 * compiled classes, then loaded into the local Docker engine, where the local cluster's kubelet
 * finds it. The build runs only the two goals, on the classes this build already compiled.
 */
final class HarnessImage {

  private HarnessImage() {}

  static Path tar() {
    return ClusterProviders.projectHome().resolve("target/rollback-drill-image.tar");
  }

  /** Builds the image if needed and loads it; returns the image reference Docker now knows. */
  static String buildAndLoad() throws IOException, InterruptedException {
    Path home = ClusterProviders.projectHome();
    Path tar = tar();
    if (!Files.exists(tar) || newestUnder(home.resolve("target/classes")).compareTo(Files.getLastModifiedTime(tar)) > 0) {
      long t0 = System.nanoTime();
      run(home, List.of("./mvnw", "-B", "-q", "-Pimage", "-Djib.disableUpdateChecks=true",
          "exec:exec@drill-image-base", "jib:buildTar"), 900);
      System.out.printf("[image] built %s (%d MB) in %.0f s%n", tar, Files.size(tar) >> 20,
          (System.nanoTime() - t0) / 1e9);
    }
    String loaded = run(home, List.of("docker", "load", "-i", tar.toString()), 300);
    return loaded.lines().filter(l -> l.startsWith("Loaded image: ")).map(l -> l.substring("Loaded image: ".length()))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("docker load named no image: " + loaded));
  }

  private static FileTime newestUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.getLastModifiedTime(p);
        } catch (IOException e) {
          return FileTime.fromMillis(0);
        }
      }).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
    }
  }

  /** Runs a command in {@code dir}, echoing its output; returns the output, or throws on failure. */
  static String run(Path dir, List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    System.out.println("[image] $ " + String.join(" ", command));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println("  " + line);
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
    }
    reader.join(5000);
    String out;
    synchronized (lines) {
      out = String.join("\n", lines);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
    }
    return out;
  }
}
