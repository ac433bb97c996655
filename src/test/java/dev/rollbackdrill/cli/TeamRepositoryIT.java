package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.history.ToolVersion;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's release artifact, used as a team would: the shaded jar this build made is put in a
 * Maven-repository-shaped folder (what a release publishes), a fresh folder with none of this
 * project's sources becomes a team's repository with {@code drill init}, and from there its
 * {@code ./drill} launcher downloads that jar by version, checks its SHA-256, and runs validate,
 * plan show, a real drill on the local cluster and report. The cluster's scripts come out of the
 * jar, not out of this checkout.
 */
@OnLocalCluster
class TeamRepositoryIT {

  private static final String VERSION = ToolVersion.current();
  private static final String JAR_NAME = "rollback-drill-" + VERSION + "-cli.jar";
  private static final Path UNPACKED = Path.of(System.getProperty("user.home"), ".cache/rollback-drill/tool");

  @TempDir static Path releases;
  private static Path jar;
  private static String sha256;

  @BeforeAll
  static void publishTheBuildsJar() throws IOException {
    jar = DrillCli.jar();
    Path dir = releases.resolve("dev/rollbackdrill/rollback-drill/" + VERSION);
    Files.createDirectories(dir);
    Files.copy(jar, dir.resolve(JAR_NAME));
    sha256 = InitCommand.sha256(jar);
    dropTheDownloadedCopy();
    // And the scripts' unpacked copy, so that the drill below shows it unpacks them itself.
    Path checkout = ClusterProviders.projectHome().resolve("ci/cluster/cluster.sh");
    if (Files.isDirectory(UNPACKED)) {
      try (Stream<Path> copies = Files.list(UNPACKED)) {
        for (Path copy : copies.filter(c -> same(c.resolve("ci/cluster/cluster.sh"), checkout)).toList()) {
          delete(copy);
        }
      }
    }
  }

  /** The launcher's copy of this very jar (keyed by its checksum), so that the test sees the download. */
  @AfterAll
  static void dropTheDownloadedCopy() throws IOException {
    Path dist = Path.of(System.getProperty("user.home"), ".cache/rollback-drill/dist",
        VERSION + "-" + sha256.substring(0, 16));
    delete(dist);
  }

  private static void delete(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void aTeamsRepositoryRunsValidatePlanADrillAndReportWithTheReleasedJarAlone(TestNamespace ns, @TempDir Path team)
      throws Exception {
    Result init = run(team, List.of(java(), "-jar", jar.toString(), "init", "--executed-by", "alice"), Map.of());
    assertThat(init.exit).as(init.out).isZero();
    assertThat(init.out).contains("wrote    ./drill (rollback-drill " + VERSION + ")", "wrote    scenarios/noop-undo.yaml",
        "wrote    drills/plan.yaml");
    String launcher = Files.readString(team.resolve("drill"));
    assertThat(launcher).contains("DRILL_VERSION=\"" + VERSION + "\"", "DRILL_SHA256=\"" + sha256 + "\"")
        .doesNotContain("@VERSION@", "@SHA256@");
    assertThat(Files.isExecutable(team.resolve("drill"))).isTrue();
    // The team points the baseline scenario at its own namespace, as it would at its own service.
    Path scenario = team.resolve("scenarios/noop-undo.yaml");
    Files.writeString(scenario, Files.readString(scenario).replace("drill-demo", ns.name()));

    Result validate = drill(team, "validate", "scenarios/");
    assertThat(validate.exit).as(validate.out).isZero();
    assertThat(validate.out).contains("[drill] downloading rollback-drill " + VERSION + " from file:", "1 scenario(s) valid");

    Result plan = drill(team, "plan", "show");
    assertThat(plan.exit).as(plan.out).isZero();
    assertThat(plan.out).contains("noop-undo", "DUE", "rotation: alice").doesNotContain("downloading");

    Result drill = drill(team, "run", "scenarios/noop-undo.yaml", "--executed-by", "alice");
    assertThat(drill.exit).as(drill.out).isZero();
    assertThat(drill.out).contains("PASSED: trigger-to-healthy");
    List<Path> records = files(team.resolve("drills"), ".json");
    assertThat(records).hasSize(1);
    JsonNode record = new ObjectMapper().readTree(records.get(0).toFile());
    assertThat(record.path("toolVersion").asText()).isEqualTo(VERSION);
    assertThat(record.path("namespace").asText()).isEqualTo(ns.name());
    assertThat(record.path("executedBy").asText()).isEqualTo("alice");

    Result report = drill(team, "report");
    assertThat(report.exit).as(report.out).isZero();
    assertThat(Files.readString(team.resolve("reports/index.html"))).contains("noop-undo");
    assertThat(Files.readString(team.resolve("reports/summary.md"))).contains("1 drill of 1 scenario");

    try (Stream<Path> top = Files.list(team)) {
      assertThat(top.map(p -> p.getFileName().toString()))
          .as("the team's repository holds its own files only")
          .containsExactlyInAnyOrder("drill", "scenarios", "drills", "reports");
    }
    try (Stream<Path> copies = Files.list(UNPACKED)) {
      Path checkout = ClusterProviders.projectHome().resolve("ci/cluster/cluster.sh");
      assertThat(copies.map(p -> p.resolve("ci/cluster/cluster.sh")).filter(Files::isExecutable).anyMatch(p -> same(p, checkout)))
          .as("the drill ran the cluster scripts the jar carries, unpacked under " + UNPACKED).isTrue();
    }
  }

  @Test
  void aDownloadWhoseChecksumDiffersIsRefusedAndNotKept(@TempDir Path team, @TempDir Path otherRelease) throws Exception {
    assertThat(run(team, List.of(java(), "-jar", jar.toString(), "init"), Map.of()).exit).isZero();
    Path dir = otherRelease.resolve("dev/rollbackdrill/rollback-drill/" + VERSION);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(JAR_NAME), "not the released jar");
    Path cache = team.resolve(".cache");

    Result r = run(team, List.of("./drill", "--version"),
        Map.of("DRILL_REPOSITORY", otherRelease.toUri().toString(), "RBD_CACHE", cache.toString()));

    assertThat(r.exit).as(r.out).isEqualTo(3);
    assertThat(r.out).contains("this launcher pins " + sha256 + ": not used");
    assertThat(files(cache, ".jar")).as("a jar that failed its checksum is not kept").isEmpty();
    try (Stream<Path> left = Files.walk(cache)) {
      assertThat(left.filter(Files::isRegularFile)).as("no partial download left").isEmpty();
    }
  }

  private static Result drill(Path team, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("./drill"));
    cmd.addAll(List.of(args));
    return run(team, cmd, Map.of("DRILL_REPOSITORY", releases.toUri().toString()));
  }

  private static Result run(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile("team-repository-", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("DRILL_JAR");
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroy();
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(ended).as("%s ended within 5 minutes; it printed:%n%s", cmd, text).isTrue();
    System.out.println("  [team repository] $ " + String.join(" ", cmd) + "\n" + text.indent(4));
    return new Result(p.exitValue(), text);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  private static boolean same(Path a, Path b) {
    try {
      return Files.mismatch(a, b) == -1;
    } catch (IOException e) {
      return false;
    }
  }

  private record Result(int exit, String out) {}
}
