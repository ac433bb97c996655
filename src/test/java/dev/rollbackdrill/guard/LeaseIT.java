package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.drill.DrillListener;
import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One drill per target: a second drill started while one runs is refused in preflight, naming the
 * holder, and touches nothing (not even the demo fixture it would reset); a live lease of another
 * runner blocks too, and a lease whose runner died (stale renewTime) does not.
 */
@OnLocalCluster
class LeaseIT {

  @Test
  void aSecondDrillOnTheSameTargetIsRefusedNamingTheHolderAndChangesNothing(
      ClusterHandle cluster, KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    Path file = Scenarios.exampleFile("unready-undo", ns, dir);
    Files.writeString(file, Files.readString(file).replace("for: 5s", "for: 8s"));
    Scenario s = ScenarioLoader.load(file);
    CountDownLatch detecting = new CountDownLatch(1);
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  first: " + phase + " " + detail);
        if (phase.equals(dev.rollbackdrill.timing.Phase.DEPLOY.recordName())) {
          detecting.countDown();
        }
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  first: " + message);
      }
    };
    // Same person, same process as the second drill: only the lease tells them apart.
    CompletableFuture<DrillResult> first = CompletableFuture.supplyAsync(() ->
        new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener).run(s, 1, "alice"));
    DrillCli second;
    DemoTarget target = new DemoTarget(client, ns.name());
    String uidBefore;
    KnownGood annotationBefore;
    try {
      assertThat(detecting.await(120, TimeUnit.SECONDS)).as("the first drill reached detect").isTrue();
      uidBefore = target.deployment().getMetadata().getUid();
      annotationBefore = target.annotation().orElseThrow();
      Lease held = target.lease();
      assertThat(held).isNotNull();

      second = DrillCli.run("run", file.toString(), "--cluster", "local", "--no-record", "--executed-by", "alice",
          "--junit-xml", dir.resolve("junit").toString());

      System.out.println(second.out() + second.err());
      assertThat(second.exit()).isEqualTo(4); // refused before anything changed
      assertThat(second.out())
          .contains("preflight: another drill is running on this target")
          .contains("held by " + held.getSpec().getHolderIdentity())
          .contains("alice@")
          .doesNotContain("setting up the demo service");
      // The second drill changed nothing: same Deployment object, the first drill's annotation and lease.
      assertThat(target.deployment().getMetadata().getUid()).isEqualTo(uidBefore);
      assertThat(target.annotation()).contains(annotationBefore);
      assertThat(target.lease().getSpec().getHolderIdentity()).isEqualTo(held.getSpec().getHolderIdentity());
    } finally {
      DrillRecord r = first.get(180, TimeUnit.SECONDS).record();
      System.out.println("first drill: " + r.verdict() + ": " + r.reason());
      assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    }
    assertThat(target.healthyOnKnownGood()).isTrue();
    assertThat(target.lease()).isNull();
    assertThat(target.hasAnnotation()).isFalse();
  }

  @Test
  void aLiveLeaseBlocksButALeaseFromADeadRunnerDoesNot(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    Path file = Scenarios.exampleFile("noop-undo", ns, dir);
    // Without the fixture, so a refused drill demonstrably leaves the Deployment untouched.
    Files.writeString(file, Files.readString(file).replace("  fixture: demo\n", ""));
    DemoTarget target = DemoTarget.createSettled(client, ns);
    String before = target.resourceVersion();
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    client.resources(Lease.class).inNamespace(ns.name()).resource(new LeaseBuilder()
        .withNewMetadata().withName(DrillLease.leaseName("demo")).endMetadata()
        .withNewSpec().withHolderIdentity("bob@drill-runner-7 pid 4242").withLeaseDurationSeconds(30)
        .withAcquireTime(now.minusSeconds(5)).withRenewTime(now).endSpec().build()).create();

    DrillCli blocked = DrillCli.run("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(blocked.exit()).as(blocked.out() + blocked.err()).isEqualTo(4); // refused before anything changed
    assertThat(blocked.out()).contains("held by bob@drill-runner-7 pid 4242");
    assertThat(target.resourceVersion()).isEqualTo(before);
    assertThat(target.hasAnnotation()).isFalse();

    // The same lease, last renewed five minutes ago: its runner is gone.
    client.resources(Lease.class).inNamespace(ns.name()).withName(DrillLease.leaseName("demo")).edit(l -> {
      l.getSpec().setRenewTime(now.minusMinutes(5));
      return l;
    });
    DrillCli taken = DrillCli.run("run", file.toString(), "--cluster", "local", "--no-record",
        "--junit-xml", dir.resolve("junit").toString());

    assertThat(taken.exit()).as(taken.out() + taken.err()).isZero();
    assertThat(taken.out()).contains("PASSED");
    assertThat(target.lease()).as("the new drill released the lease it took over").isNull();
    assertThat(target.healthyOnKnownGood()).isTrue();
  }
}
