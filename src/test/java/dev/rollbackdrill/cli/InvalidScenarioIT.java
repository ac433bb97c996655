package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.testing.TrapApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad scenarios are rejected with file:line messages before anything touches a cluster: the
 * resourceVersions of the real target, its Service and its flag ConfigMap do not move, and a
 * socket standing in for an API server is never even connected to. Every case must produce its
 * own message, and the number of cases is fixed, so a case cannot go missing unnoticed.
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

  /** A release found by its error rate under load: the base of the load and error-rate cases. */
  static final String LOADED = """
      name: bad-input
      target:
        namespace: NS
        deployment: demo
        service: demo
      change:
        type: broken
        fault: bad-config
        env:
          DEMO_FAULT: http500
      detect:
        type: error-rate
        above: 5%
        over: 10s
      rollback:
        procedure: rollout-undo
      load:
        rate: 10/s
        path: /cgi-bin/app
        port: 8080
      slo: 30s
      """;

  static final String SWITCH = """
      name: bad-input
      target:
        namespace: NS
        deployment: demo-blue
        service: demo
      change:
        type: switch
        label: color
        to: green
      detect:
        type: dwell
        for: 5s
      rollback:
        procedure: blue-green-switch
      slo: 30s
      """;

  static final String FLAG = """
      name: bad-input
      target:
        namespace: NS
        deployment: demo
      change:
        type: flag
        configMap: demo-flags
        key: risky-path
        value: "on"
      detect:
        type: dwell
        for: 5s
      rollback:
        procedure: kill-switch
      healthy:
        http:
          port: 8080
          path: /cgi-bin/app
      slo: 30s
      """;

  /** How many cases there are: a case that silently went missing fails the count. */
  static final int CASES = 28;

  /** Every kind of mistake, each with the message it must produce. */
  static Map<String, String[]> cases() {
    Map<String, String[]> c = new LinkedHashMap<>();
    c.put("unknown-procedure", new String[] {GOOD.replace("procedure: rollout-undo", "procedure: undo"),
        ":12 rollback.procedure: unknown value 'undo'; expected one of rollout-undo, command"});
    c.put("missing-namespace", new String[] {GOOD.replace("  namespace: NS\n", ""), ":2 target.namespace: required field missing"});
    c.put("typo-key", new String[] {GOOD.replace("rollback:", "rollbak:"), ":11 rollbak: unknown field; did you mean 'rollback'?"});
    c.put("noop-with-fault", new String[] {GOOD.replace("type: broken", "type: noop"), "change.fault"});
    c.put("revision-without-number",
        new String[] {GOOD.replace("procedure: rollout-undo", "procedure: rollout-undo\n  to: revision"), "rollback.revision"});
    c.put("bare-number-duration", new String[] {GOOD.replace("slo: 30s", "slo: 30"), ":13 slo:"});
    c.put("zero-slo", new String[] {GOOD.replace("slo: 30s", "slo: 0s"), ":13 slo:"});
    c.put("yaml-syntax", new String[] {GOOD.replace("target:", "target: [unclosed"), ".yaml:"});
    c.put("empty-file", new String[] {"", ".yaml:1"});
    c.put("list-for-mapping",
        new String[] {GOOD.replace("rollback:\n  procedure: rollout-undo", "rollback:\n  - rollout-undo"), "rollback:"});
    c.put("unknown-fault", new String[] {GOOD.replace("readiness-never-passes", "meltdown"), ":7 change.fault: unknown value 'meltdown'"});
    c.put("iterations-out-of-range", new String[] {GOOD + "iterations: 1000\n", ":14 iterations:"});
    c.put("duplicate-key", new String[] {GOOD + "slo: 10s\n", "slo"});
    // load
    c.put("load-rate-too-high", new String[] {LOADED.replace("rate: 10/s", "rate: 500/s"),
        ":18 load.rate: must be greater than 0 and at most 100/s (the requests go through the API server), got '500/s'"});
    c.put("load-rate-garbage", new String[] {LOADED.replace("rate: 10/s", "rate: fast"),
        ":18 load.rate: invalid rate 'fast'; write e.g. \"10/s\" or \"600/m\""});
    c.put("load-unknown-field", new String[] {LOADED.replace("  port: 8080\nslo", "  port: 8080\n  rps: 10\nslo"),
        ":21 load.rps: unknown field"});
    // error-rate
    c.put("error-rate-without-load", new String[] {LOADED.replace("load:\n  rate: 10/s\n  path: /cgi-bin/app\n  port: 8080\n", ""),
        ":12 detect.type: error-rate needs a load section"});
    c.put("error-rate-above-100", new String[] {LOADED.replace("above: 5%", "above: 150%"),
        ":13 detect.above: must be greater than 0% and less than 100%, got '150%'"});
    c.put("error-rate-not-a-percentage", new String[] {LOADED.replace("above: 5%", "above: five"),
        ":13 detect.above: expected a percentage such as \"5%\", got text 'five'"});
    c.put("error-rate-window-too-small", new String[] {LOADED.replace("over: 10s", "over: 500ms"),
        ":14 detect.over: a 500ms window at 10/s holds fewer than 10 requests"});
    // switch
    c.put("switch-rolled-back-by-undo", new String[] {SWITCH.replace("procedure: blue-green-switch", "procedure: rollout-undo"),
        ":14 rollback.procedure: rollout-undo needs a new Deployment revision to act on, which a switch change does not make"});
    c.put("switch-without-to", new String[] {SWITCH.replace("  to: green\n", ""), ":6 change.to: required when change.type is switch"});
    c.put("switch-without-service", new String[] {SWITCH.replace("  service: demo\n", ""),
        ":6 change.type: switch needs target.service"});
    // flag
    c.put("flag-without-configmap", new String[] {FLAG.replace("  configMap: demo-flags\n", ""),
        ":5 change.configMap: required when change.type is flag"});
    c.put("flag-switched-back", new String[] {FLAG.replace("procedure: kill-switch", "procedure: blue-green-switch"),
        ":14 rollback.procedure: blue-green-switch switches a Service back after a switch change; with change.type flag use"
            + " kill-switch or command"});
    c.put("kill-switch-without-flag", new String[] {GOOD.replace("procedure: rollout-undo", "procedure: kill-switch"),
        ":12 rollback.procedure: kill-switch turns a flag off after a flag change; with change.type broken use"});
    // roll-forward
    c.put("roll-forward-without-fix", new String[] {GOOD.replace("procedure: rollout-undo", "procedure: roll-forward"),
        ":12 rollback.procedure: roll-forward needs image or env (or both)"});
    c.put("roll-forward-bad-image", new String[] {GOOD.replace("procedure: rollout-undo",
        "procedure: roll-forward\n  image: \"not an image\""),
        ":13 rollback.image: 'not an image' is not a valid image reference (no spaces)"});
    return c;
  }

  /** The resourceVersions of everything a drill here could touch: Deployment, Service, flag ConfigMap, namespace. */
  private static List<String> resourceVersions(KubernetesClient client, String ns) {
    return List.of(
        client.apps().deployments().inNamespace(ns).withName("demo").get().getMetadata().getResourceVersion(),
        client.services().inNamespace(ns).withName("demo").get().getMetadata().getResourceVersion(),
        client.configMaps().inNamespace(ns).withName("demo-flags").get().getMetadata().getResourceVersion(),
        client.namespaces().withName(ns).get().getMetadata().getResourceVersion());
  }

  @Test
  void theCasesAreTheOnesCounted() {
    assertThat(cases()).hasSize(CASES);
  }

  @Test
  void everyKindOfMistakeIsRejectedWithFileAndLineAndTheClusterSeesNoChange(
      KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    // The feature-flag demo: a Deployment, its Service and the flag's ConfigMap.
    DemoFixture.reset(client, ns.name(), Fixture.FEATURE_FLAG);
    // Let the controller finish its status updates, so any later change would be ours.
    org.awaitility.Awaitility.await("demo rolled out").atMost(java.time.Duration.ofSeconds(90))
        .until(() -> dev.rollbackdrill.kube.Rollouts.complete(
            client.apps().deployments().inNamespace(ns.name()).withName("demo").get()));
    Thread.sleep(1500);
    List<String> before = resourceVersions(client, ns.name());

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
    assertThat(checked).isEqualTo(CASES);
    assertThat(resourceVersions(client, ns.name())).as("deployment, service, configmap, namespace").isEqualTo(before);
  }

  @Test
  void noConnectionIsMadeToTheClusterForAnInvalidScenario(@TempDir Path dir) throws Exception {
    try (TrapApiServer api = new TrapApiServer()) {
      Path kubeconfig = api.kubeconfig(dir, "trap");
      int tried = 0;
      for (Map.Entry<String, String[]> c : cases().entrySet()) {
        Path file = dir.resolve(c.getKey() + ".yaml");
        Files.writeString(file, c.getValue()[0].replace("NS", "anywhere"));
        Cli cli = Cli.run("run", file.toString(), "--cluster", "context:trap", "--kubeconfig", kubeconfig.toString(),
            "--no-record", "--junit-xml", dir.resolve("junit").toString());
        assertThat(cli.exit()).as(c.getKey()).isEqualTo(2);
        tried++;
      }
      assertThat(tried).isEqualTo(CASES);
      assertThat(api.connections()).as("connections to the API server during invalid runs").isZero();
      // The control: a valid scenario does reach the socket, so the trap can catch a call.
      Path valid = dir.resolve("valid.yaml");
      Files.writeString(valid, GOOD.replace("NS", "anywhere"));
      Cli cli = Cli.run("run", valid.toString(), "--cluster", "context:trap", "--kubeconfig", kubeconfig.toString(),
          "--no-record", "--junit-xml", dir.resolve("junit").toString());
      assertThat(cli.exit()).isEqualTo(3);
      assertThat(api.connections()).as("the trap does see a real attempt").isPositive();
    }
  }
}
