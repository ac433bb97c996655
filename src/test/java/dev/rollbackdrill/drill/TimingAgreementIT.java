package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.health.Rollouts;
import dev.rollbackdrill.history.DrillRecord;
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
 * Deployment, on its own connection, stamping each event as it arrives. By that watch the rollback
 * starts at the first event showing a new spec (a generation above every one seen before the
 * trigger) and is healthy at the first later event at which the rollout is complete on a revision
 * newer than the candidate. Both ends are compared, and the spans.
 */
@OnLocalCluster
class TimingAgreementIT {

  record Stamped(long nanos, Deployment d) {}

  @ParameterizedTest
  @ValueSource(strings = {"noop-undo", "unready-undo"})
  void triggerToHealthyAgreesWithTheDeploymentsOwnWatchEventsWithin100ms(
      String example, ClusterHandle cluster, KubernetesClient client, TestNamespace ns) throws Exception {
    Scenario s = Scenarios.example(example, ns);
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

      long trigger = result.phaseStartTicks().get(DrillRunner.TRIGGER);
      long healthy = result.phaseStartTicks().get(DrillRunner.VERIFY);
      long generationBefore = events.stream().filter(e -> e.nanos() < trigger)
          .mapToLong(e -> e.d().getMetadata().getGeneration()).max().orElseThrow();
      Stamped externalStart = events.stream()
          .filter(e -> e.d().getMetadata().getGeneration() > generationBefore)
          .findFirst()
          .orElseThrow(() -> new AssertionError("the independent watch never saw the rollback's spec change"));
      Stamped externalHealthy = events.stream()
          .filter(e -> e.nanos() >= externalStart.nanos())
          .filter(e -> Rollouts.complete(e.d()) && Rollouts.revision(e.d()) > r.candidate().revision())
          .findFirst()
          .orElseThrow(() -> new AssertionError("the independent watch never saw the rollout complete"));
      long external = externalHealthy.nanos() - externalStart.nanos();
      long measured = r.triggerToHealthyNanos();
      System.out.printf("timing agreement %s: drill %.1f ms, external watch %.1f ms, difference %.1f ms"
              + " (trigger to the rollback's first event %.1f ms; healthy boundaries %.1f ms apart)%n",
          example, measured / 1e6, external / 1e6, (measured - external) / 1e6,
          (externalStart.nanos() - trigger) / 1e6, (healthy - externalHealthy.nanos()) / 1e6);
      assertThat(measured).isEqualTo(healthy - trigger);
      assertThat(Math.abs(measured - external)).isLessThan(100_000_000L);
      assertThat(Math.abs(healthy - externalHealthy.nanos())).isLessThan(100_000_000L);
    }
  }
}
