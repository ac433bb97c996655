package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the harness mid-drill leaves the candidate running and the known-good annotation on
 * the target; {@code drill recover} finds it and restores it, at once: the dead runner's lease is
 * recognised as abandoned (its holder is a process on this host that no longer exists) instead of
 * blocking recovery until it expires.
 */
@OnLocalCluster
class KillNineRecoverIT {

  @Test
  void recoverRestoresWhatAKilledHarnessLeftOnTheCandidate(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    Path scenario = Scenarios.exampleFile("unready-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("for: 5s", "for: 60s"));
    DemoTarget target = new DemoTarget(client, ns.name());

    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    int exit = drill.killNineAt(l -> l.trim().startsWith("deploy ") && l.contains("candidate revision"),
        Duration.ofSeconds(90));
    assertThat(exit).isEqualTo(137);

    // What kill -9 leaves behind: the candidate, the annotation, a lease nobody renews.
    assertThat(target.healthyOnKnownGood()).as("target left on the candidate").isFalse();
    assertThat(target.annotation()).hasValueSatisfying(kg -> {
      assertThat(kg.revision()).isEqualTo(1);
      assertThat(kg.image()).isEqualTo(DemoTarget.KNOWN_GOOD_IMAGE);
      assertThat(kg.holder()).contains("pid " + drill.process().pid());
    });
    assertThat(target.lease()).as("the killed runner's lease").isNotNull();
    assertThat(DrillLease.expired(target.lease(), java.time.Clock.systemUTC())).as("lease not yet expired").isFalse();

    long start = System.nanoTime();
    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("recover took " + tookMillis + " ms:\n" + recover.out() + recover.err());

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("restored " + ns.name() + "/demo").contains("known-good revision 1")
        // said before it changed anything: which drill, by whom
        .contains("restoring " + ns.name() + "/demo: drill ").contains("pid " + drill.process().pid());
    // The history as the drill found it: the candidate's revision gone, revision 1 as it was.
    var rss = client.apps().replicaSets().inNamespace(ns.name()).list().getItems();
    assertThat(dev.rollbackdrill.kube.Rollouts.owned(target.deployment(), rss))
        .extracting(dev.rollbackdrill.kube.Rollouts::revision).containsExactly(1L);
    assertThat(target.healthyOnKnownGood()).as("back on known-good, rollout complete").isTrue();
    assertThat(target.hasAnnotation()).as("annotation removed").isFalse();
    assertThat(target.lease()).as("lease removed").isNull();
    // Well before the dead runner's lease would have expired on its own.
    assertThat(tookMillis).isLessThan(DrillLease.DURATION.toMillis());

    // Nothing left to do the second time.
    DrillCli again = DrillCli.run("recover", "--namespace", ns.name());
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("nothing to recover");
  }

  @Test
  void recoverSwitchesABlueGreenServiceBackAfterAKilledHarness(KubernetesClient client, TestNamespace ns,
      @TempDir Path dir) throws Exception {
    Path scenario = Scenarios.exampleFile("blue-green-switch", ns, dir);
    // Stay switched to the broken colour long enough to be killed there.
    Files.writeString(scenario, Files.readString(scenario)
        .replace("  type: error-rate\n  above: 5%\n  over: 10s\n", "  type: dwell\n  for: 60s\n"));
    assertThat(Files.readString(scenario)).contains("for: 60s");

    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    assertThat(drill.killNineAt(l -> l.trim().startsWith("deploy "), Duration.ofSeconds(120))).isEqualTo(137);
    var service = client.services().inNamespace(ns.name()).withName("demo");
    assertThat(service.get().getSpec().getSelector()).as("left on the broken colour").containsEntry("color", "green");

    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("service/demo switched from color=green back to blue");
    assertThat(service.get().getSpec().getSelector()).containsEntry("color", "blue");
    assertThat(KnownGood.read(client.apps().deployments().inNamespace(ns.name()).withName("demo-blue").get()))
        .as("annotation removed").isEmpty();
  }

  @Test
  void recoverRemovesTheCanaryOfAKilledHarness(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    // An automatic canary drill waits for an automation that never comes: time enough to be killed with its canary live.
    Path scenario = Files.writeString(dir.resolve("canary.yaml"), Files.readString(
        Scenarios.examples().resolve("canary-checkout-automatic.yaml")).replace("drill-canary", ns.name()));
    String canary = dev.rollbackdrill.procedure.CanaryAbort.canaryName("demo");

    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    int exit = drill.killNineAt(l -> l.trim().startsWith("deploy ") && l.contains("canary " + canary + " live"),
        Duration.ofSeconds(120));
    assertThat(exit).isEqualTo(137);
    var deployments = client.apps().deployments().inNamespace(ns.name());
    assertThat(deployments.withName(canary).get()).as("the canary a kill -9 leaves").isNotNull();
    long generation = deployments.withName("demo").get().getMetadata().getGeneration();

    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("restored " + ns.name() + "/demo", "deleted the canary deployment/" + canary);
    assertThat(deployments.withName(canary).get()).isNull();
    // Deleted at once, without grace: gone within seconds.
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!client.pods().inNamespace(ns.name()).withLabel(dev.rollbackdrill.procedure.CanaryAbort.TRACK).list()
        .getItems().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(client.pods().inNamespace(ns.name()).withLabel(dev.rollbackdrill.procedure.CanaryAbort.TRACK).list()
        .getItems()).as("no canary pod left").isEmpty();
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).withLabel(dev.rollbackdrill.procedure.CanaryAbort.TRACK)
        .list().getItems()).as("no canary ReplicaSet left").isEmpty();
    assertThat(deployments.withName("demo").get().getMetadata().getGeneration()).as("the target untouched")
        .isEqualTo(generation);
    assertThat(KnownGood.of(client, ns.name(), "demo")).as("no record left").isEmpty();
  }

  @Test
  void recoverRemovesTheChaosOfAKilledHarness(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    // A quota that holds the undo back for a minute: time enough to be killed while it squeezes.
    Path scenario = Scenarios.exampleFile("chaos-quota-squeeze-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("for: 10s", "for: 60s").replace("slo: 60s",
        "slo: 60s\ntimeouts:\n  healthy: 120s"));
    DemoTarget target = new DemoTarget(client, ns.name());

    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    int exit = drill.killNineAt(l -> l.contains("chaos quota-squeeze: ResourceQuota "),
        Duration.ofSeconds(120));
    assertThat(exit).isEqualTo(137);
    assertThat(client.resourceQuotas().inNamespace(ns.name()).list().getItems()).as("the quota a kill -9 leaves").hasSize(1);

    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("restored " + ns.name() + "/demo", "removed the drill's chaos (1 ResourceQuota)");
    assertThat(client.resourceQuotas().inNamespace(ns.name()).list().getItems()).isEmpty();
    assertThat(target.healthyOnKnownGood()).as("back on known-good, rollout complete").isTrue();
  }

  @Test
  void recoverBringsBackTheApiServerAKilledHarnessLeftStopped(TestNamespace ns, @TempDir Path dir, ClusterHandle cluster)
      throws Exception {
    // The undo under an API outage of a minute: time enough to be killed while the API server is stopped.
    Path scenario = Scenarios.exampleFile("chaos-quota-squeeze-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("kind: quota-squeeze", "kind: api-unavailable")
        .replace("for: 10s", "for: 60s").replace("slo: 60s", "slo: 60s\ntimeouts:\n  healthy: 120s"));

    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());
    int exit = drill.killNineAt(l -> l.contains("chaos api-unavailable: the API server is stopped"),
        Duration.ofSeconds(120));
    assertThat(exit).isEqualTo(137);

    DrillCli recover = DrillCli.run("recover", "--namespace", ns.name(), "--timeout", "60s");

    assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
    assertThat(recover.out()).contains("restored " + ns.name() + "/demo");
    // A client of its own: the test's shared one last spoke to the API server before it stopped.
    try (KubernetesClient fresh = cluster.newClient()) {
      assertThat(new DemoTarget(fresh, ns.name()).healthyOnKnownGood()).as("back on known-good, rollout complete").isTrue();
      assertThat(KnownGood.of(fresh, ns.name(), "demo")).as("no record left").isEmpty();
    }
  }
}
