package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.scenario.Healthy;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drill's trigger-to-healthy agrees with an independent measurement: a separate watch on the
 * Deployment, on its own connection, stamping each event as it arrives. The trigger is the drill's
 * own decision, which no watch can see, so both spans start there; healthy by that watch is the
 * first event after the trigger at which the rollout is complete on a revision newer than the
 * candidate. The start is checked independently too: the watch must see the rollback's new spec (a
 * generation above every one seen before the trigger) within the drill's trigger phase, between the
 * trigger and the procedure's return (plus the event's delivery, up to 250 ms). The scenarios run without their
 * {@code healthy.http}: an HTTP answer is part of healthy, and no Deployment event shows it.
 */
@OnLocalCluster
class TimingAgreementIT {

  record Stamped(long nanos, Deployment d) {}

  @ParameterizedTest
  @ValueSource(strings = {"noop-undo", "unready-undo"})
  void triggerToHealthyAgreesWithTheDeploymentsOwnWatchEventsWithin100ms(
      String example, ClusterHandle cluster, KubernetesClient client, TestNamespace ns) throws Exception {
    Scenario ex = Scenarios.example(example, ns);
    Scenario s = ex.withHealthy(new Healthy(null));
    List<Stamped> events = new CopyOnWriteArrayList<>();
    try (KubernetesClient independent = cluster.newClient();
        Watch w = independent.apps().deployments().inNamespace(ns.name()).withName("demo").watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Deployment d) {
            events.add(new Stamped(System.nanoTime(), d));
          }

          @Override
          public void onClose(WatcherException cause) {}
        })) {
      DrillResult result = new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), DrillListener.NONE)
          .run(s, 1, "timing-it");
      DrillRecord r = result.record();
      assertThat(r.verdict()).as(r.reason()).isEqualTo(DrillRecord.Verdict.PASSED);

      long trigger = result.phaseStartTicks().get(dev.rollbackdrill.timing.Phase.TRIGGER.recordName());
      long returned = result.phaseStartTicks().get(dev.rollbackdrill.timing.Phase.ACCEPTED.recordName());
      long healthy = result.phaseStartTicks().get(dev.rollbackdrill.timing.Phase.VERIFY.recordName());
      long generationBefore = events.stream().filter(e -> e.nanos() < trigger)
          .mapToLong(e -> e.d().getMetadata().getGeneration()).max().orElseThrow();
      Stamped rollbackSeen = events.stream()
          .filter(e -> e.d().getMetadata().getGeneration() > generationBefore)
          .findFirst()
          .orElseThrow(() -> new AssertionError("the independent watch never saw the rollback's spec change"));
      Stamped externalHealthy = events.stream()
          .filter(e -> e.nanos() >= rollbackSeen.nanos())
          .filter(e -> Rollouts.complete(e.d()) && Rollouts.revision(e.d()) > r.candidate().revision())
          .findFirst()
          .orElseThrow(() -> new AssertionError("the independent watch never saw the rollout complete"));
      long external = externalHealthy.nanos() - trigger;
      long measured = r.triggerToHealthyNanos();
      System.out.printf("timing agreement %s: drill %.1f ms, external watch %.1f ms, difference %.1f ms;"
              + " the rollback's spec change seen %.1f ms after the trigger (the procedure returned after %.1f ms)%n",
          example, measured / 1e6, external / 1e6, (measured - external) / 1e6,
          (rollbackSeen.nanos() - trigger) / 1e6, (returned - trigger) / 1e6);
      assertThat(measured).isEqualTo(healthy - trigger);
      assertThat(Math.abs(measured - external)).isLessThan(100_000_000L);
      // Delivery of a watch event took up to 90 ms on a loaded two-core machine: allow 250 ms.
      assertThat(rollbackSeen.nanos()).as("the rollback's first watch event lies in the trigger phase")
          .isBetween(trigger, returned + 250_000_000L);
    }
  }
}
