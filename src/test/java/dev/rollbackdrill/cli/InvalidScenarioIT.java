package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad scenarios are rejected with file:line messages before anything touches a cluster: the
 * real target's resourceVersion does not move, and a socket standing in for an API server is
 * never even connected to.
 */
@OnLocalCluster
class InvalidScenarioIT {

  static final String GOOD = """
      name: bad-input
      target:
        namespace: NS
        deployment: demo
      change:
        type: broken
        fault: readiness-never-passes
      detect:
        type: readiness-failing
        for: 5s
      rollback:
        procedure: rollout-undo
      slo: 30s
      """;

  /** Ten-plus kinds of mistake, each with the message it must produce. */
  static Map<String, String[]> cases() {
    Map<String, String[]> c = new LinkedHashMap<>();
    c.put("unknown-procedure", new String[] {GOOD.replace("procedure: rollout-undo", "procedure: undo"),
        ":12 rollback.procedure: unknown value 'undo'; expected one of rollout-undo, command"});
    c.put("missing-namespace", new String[] {GOOD.replace("  namespace: NS\n", ""), ":2 target.namespace: required field missing"});
    c.put("typo-key", new String[] {GOOD.replace("rollback:", "rollbak:"), ":11 rollbak: unknown field; did you mean 'rollback'?"});
    c.put("noop-with-fault", new String[] {GOOD.replace("type: broken", "type: noop"), "change.fault"});
    c.put("revision-without-number", new String[] {GOOD.replace("procedure: rollout-undo", "procedure: rollout-undo\n  to: revision"), "rollback.revision"});
    c.put("bare-number-duration", new String[] {GOOD.replace("slo: 30s", "slo: 30"), ":13 slo:"});
    c.put("zero-slo", new String[] {GOOD.replace("slo: 30s", "slo: 0s"), ":13 slo:"});
    c.put("yaml-syntax", new String[] {GOOD.replace("target:", "target: [unclosed"), ".yaml:"});
    c.put("empty-file", new String[] {"", ".yaml:1"});
    c.put("list-for-mapping", new String[] {GOOD.replace("rollback:\n  procedure: rollout-undo", "rollback:\n  - rollout-undo"), "rollback:"});
    c.put("unknown-fault", new String[] {GOOD.replace("readiness-never-passes", "meltdown"), ":7 change.fault: unknown value 'meltdown'"});
    c.put("iterations-out-of-range", new String[] {GOOD + "iterations: 1000\n", ":14 iterations:"});
    c.put("duplicate-key", new String[] {GOOD + "slo: 10s\n", "slo"});
    return c;
  }

  @Test
  void everyKindOfMistakeIsRejectedWithFileAndLineAndTheClusterSeesNoChange(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    DemoFixture.reset(client, ns.name());
    // Let the controller finish its status updates, so any later change would be ours.
    org.awaitility.Awaitility.await("demo rolled out").atMost(java.time.Duration.ofSeconds(90))
        .until(() -> dev.rollbackdrill.health.Rollouts.complete(
            client.apps().deployments().inNamespace(ns.name()).withName("demo").get()));
    Thread.sleep(1500);
    String before = client.apps().deployments().inNamespace(ns.name()).withName("demo").get()
        .getMetadata().getResourceVersion();
    String nsBefore = client.namespaces().withName(ns.name()).get().getMetadata().getResourceVersion();

    int checked = 0;
    for (Map.Entry<String, String[]> c : cases().entrySet()) {
      Path file = dir.resolve(c.getKey() + ".yaml");
      Files.writeString(file, c.getValue()[0].replace("NS", ns.name()));
      Cli cli = Cli.run("run", file.toString(), "--cluster", "local", "--no-record",
          "--junit-xml", dir.resolve("junit").toString());
      assertThat(cli.exit()).as(c.getKey() + ": " + cli.out() + cli.err()).isEqualTo(2);
      assertThat(cli.err()).as(c.getKey()).contains(file.toString()).contains(c.getValue()[1])
          .contains("nothing was run");
      assertThat(cli.out()).as(c.getKey()).doesNotContain("==>");
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(10);
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo").get()
        .getMetadata().getResourceVersion()).isEqualTo(before);
    assertThat(client.namespaces().withName(ns.name()).get().getMetadata().getResourceVersion()).isEqualTo(nsBefore);
  }

  @Test
  void noConnectionIsMadeToTheClusterForAnInvalidScenario(@TempDir Path dir) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket api = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!api.isClosed()) {
          try (Socket s = api.accept()) {
            connections.incrementAndGet();
          } catch (IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: trap, cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}}]
          users: [{name: u, user: {token: t}}]
          contexts: [{name: trap, context: {cluster: trap, user: u}}]
          current-context: trap
          """.formatted(api.getLocalPort()));
      for (Map.Entry<String, String[]> c : cases().entrySet()) {
        Path file = dir.resolve(c.getKey() + ".yaml");
        Files.writeString(file, c.getValue()[0].replace("NS", "anywhere"));
        Cli cli = Cli.run("run", file.toString(), "--cluster", "context:trap", "--kubeconfig", kubeconfig.toString(),
            "--no-record", "--junit-xml", dir.resolve("junit").toString());
        assertThat(cli.exit()).as(c.getKey()).isEqualTo(2);
      }
      assertThat(connections.get()).as("connections to the API server during invalid runs").isZero();
      // The control: a valid scenario does reach the socket, so the trap can catch a call.
      Path valid = dir.resolve("valid.yaml");
      Files.writeString(valid, GOOD.replace("NS", "anywhere"));
      Cli cli = Cli.run("run", valid.toString(), "--cluster", "context:trap", "--kubeconfig", kubeconfig.toString(),
          "--no-record", "--junit-xml", dir.resolve("junit").toString());
      assertThat(cli.exit()).isEqualTo(3);
      assertThat(connections.get()).as("the trap does see a real attempt").isPositive();
    }
  }
}
