package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill run} end to end on the embedded default cluster, as the README shows it. */
@OnLocalCluster
class RunCommandIT {

  @Test
  void runsADrillOnTheEmbeddedDefaultClusterAndWritesRecordAndJunitXml(TestNamespace ns, @TempDir Path dir) throws Exception {
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);

    Cli cli = Cli.run("run", scenario.toString(), "--drills", dir.resolve("drills").toString(),
        "--junit-xml", dir.resolve("junit").toString(), "--executed-by", "newcomer");

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(0);
    assertThat(cli.out())
        .contains("==> noop-undo")
        .contains("preflight", "deploy", "detect", "trigger", "rollback-accepted", "healthy", "verify")
        .contains("PASSED: trigger-to-healthy")
        .contains("1 of 1 drills met their SLO");
    Path xml = dir.resolve("junit/TEST-rollback-drill.xml");
    assertThat(xml).exists();
    assertThat(Files.readString(xml)).contains("tests=\"1\"").contains("failures=\"0\"").contains("noop-undo");
    try (var files = Files.walk(dir.resolve("drills"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
    }
  }

  @Test
  void notifyPostsOneMessageToTheWebhookAndAFailingOneNeverChangesTheExitCode(TestNamespace ns, @TempDir Path dir)
      throws Exception {
    Path scenario = Scenarios.exampleFile("noop-undo", ns, dir);
    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(bodies.size() == 1 ? 200 : 503, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      Cli ok = Cli.run("run", scenario.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString(),
          "--executed-by", "newcomer", "--notify", url, "--notify-on", "always", "--notify-link", "reports/index.html");
      assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
      assertThat(bodies).singleElement().asString().contains("rollback-drill: 1 of 1 drills met their SLO (run by newcomer)",
          "noop-undo: PASSED, trigger-to-healthy ", "\\nreport: reports/index.html\"");

      Cli failing = Cli.run("run", scenario.toString(), "--no-record", "--junit-xml", dir.resolve("junit").toString(),
          "--notify", url, "--notify-on", "always");
      assertThat(failing.exit()).as("a failing webhook is not a failed drill").isZero();
      assertThat(failing.err()).contains("drill: notification to http://127.0.0.1:" + server.getAddress().getPort()
          + " failed: HTTP 503; the run and its records are unaffected").doesNotContain("/hook");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anImpossibleSloExitsOneAndSaysWhichPhaseTookHowLong(TestNamespace ns, @TempDir Path dir) {
    Path scenario = Scenarios.exampleFile("impossible-slo", ns, dir);

    Cli cli = Cli.run("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(1);
    assertThat(cli.out())
        .containsPattern("impossible-slo: trigger-to-healthy \\S+ exceeded SLO 1ms "
            + "\\(trigger \\S+, rollback-accepted \\S+, healthy \\S+; slowest: \\S+\\)")
        .contains("0 of 1 drills met their SLO");
  }
}
