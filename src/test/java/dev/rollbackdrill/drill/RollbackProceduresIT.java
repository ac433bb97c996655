package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Impact;
import dev.rollbackdrill.history.DrillRecord.LoadStats;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every rollback procedure's example scenario runs green on the local cluster, timed on the same
 * clock (trigger, rollback-accepted, healthy), with a steady synthetic load whose failures are
 * counted per phase, stop once the target is healthy again, and add up to the load generator's
 * own totals.
 */
@OnLocalCluster
class RollbackProceduresIT {

  /** After healthy, requests already on their way to a pod being replaced may still fail briefly. */
  private static final long GRACE_NANOS = 1_000_000_000L;

  static DrillResult run(ClusterHandle cluster, KubernetesClient client, Scenario s, DrillListener also) {
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
        also.phaseEnded(drill, phase, nanos, detail);
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + drill + " " + message);
        also.note(drill, message);
      }
    };
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener).run(s, 1, "procedures-it");
  }

  /** The record's per-phase counts add up to its total and to the generator's own totals. */
  static void assertAccountingIsExact(DrillResult result) {
    Impact impact = result.record().impact();
    LoadGenerator.Totals totals = result.loadTotals();
    assertThat(impact).isNotNull();
    assertThat(totals.succeeded() + totals.failed()).isEqualTo(totals.sent()); // nothing in flight
    assertThat(impact.phases().values().stream().mapToLong(LoadStats::requests).sum())
        .isEqualTo(impact.total().requests())
        .isEqualTo(totals.sent());
    assertThat(impact.phases().values().stream().mapToLong(LoadStats::failed).sum())
        .isEqualTo(impact.total().failed())
        .isEqualTo(totals.failed());
    assertThat(impact.total().requests() - impact.total().failed()).isEqualTo(totals.succeeded());
  }

  /** When the healthy phase ended, as an offset from the start of the drill's first phase. */
  static long healthyEndNanos(DrillRecord r) {
    long end = 0;
    for (String phase : List.of("preflight", "deploy", "detect", "trigger", "rollback-accepted", "healthy")) {
      end += r.phaseNanos().get(phase);
    }
    return end;
  }

  /** Users saw failures while the release was live, and none once the target was healthy again. */
  static void assertFailuresStopAfterHealthy(DrillRecord r) {
    LoadStats total = r.impact().total();
    assertThat(total.failed()).as("failed requests").isPositive();
    assertThat(r.impact().phases().get("detect").failed()).isPositive();
    assertThat(total.lastFailedAtNanos()).isLessThanOrEqualTo(healthyEndNanos(r) + GRACE_NANOS);
    assertThat(r.impact().phases().get("verify").failed()).isZero();
    assertThat(r.impact().phases()).doesNotContainKey("restore");
  }

  static void print(String what, DrillRecord r) {
    LoadStats t = r.impact().total();
    System.out.printf("%s: trigger-to-healthy %.2f s (trigger %.0f ms, accepted %.0f ms, healthy %.0f ms); %d requests,"
            + " %d failed (%.1f%%), p50 %.1f ms, p99 %.1f ms, errors from +%.2f s to +%.2f s (healthy at +%.2f s)%n",
        what, r.triggerToHealthyNanos() / 1e9, r.phaseNanos().get("trigger") / 1e6,
        r.phaseNanos().get("rollback-accepted") / 1e6, r.phaseNanos().get("healthy") / 1e6, t.requests(), t.failed(),
        100 * t.errorRate(), t.p50Nanos() / 1e6, t.p99Nanos() / 1e6, t.firstFailedAtNanos() / 1e9,
        t.lastFailedAtNanos() / 1e9, healthyEndNanos(r) / 1e9);
    r.impact().phases().forEach((phase, s) -> System.out.printf("    %-18s %4d requests %4d failed%n", phase,
        s.requests(), s.failed()));
  }

  static void assertBackOnKnownGood(KubernetesClient client, TestNamespace ns, String name, DrillRecord r) {
    Deployment d = client.apps().deployments().inNamespace(ns.name()).withName(name).get();
    assertThat(Rollouts.complete(d)).isTrue();
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(r.knownGood().image());
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
  }

  @Test
  void releaseAnswering500WhileReadyShowsFailuresThatStopAfterTheUndo(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    DrillResult result = run(cluster, client, Scenarios.example("http500-undo", ns), DrillListener.NONE);
    DrillRecord r = result.record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.impact().target()).isEqualTo("services/demo:8080/proxy/cgi-bin/app");
    assertThat(r.impact().phases().keySet()).containsExactlyElementsOf(DrillRecord.PHASES);
    assertAccountingIsExact(result);
    assertFailuresStopAfterHealthy(r);
    assertThat(r.impact().phases().get("detect").errorRate()).isGreaterThan(0.05);
    assertThat(r.triggerToHealthyNanos())
        .isEqualTo(r.phaseNanos().get("trigger") + r.phaseNanos().get("rollback-accepted") + r.phaseNanos().get("healthy"));
    assertBackOnKnownGood(client, ns, "demo", r);
    print("http500-undo", r);
  }

  @Test
  void blueGreenSwitchPutsEveryEndpointBackOnTheKnownGoodColour(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    DrillResult result = run(cluster, client, Scenarios.example("blue-green-switch", ns), DrillListener.NONE);
    DrillRecord r = result.record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().procedure()).isEqualTo("blue-green-switch");
    assertThat(r.scenario().change()).isEqualTo("switch");
    assertThat(r.deployment()).isEqualTo("demo-blue");
    assertThat(r.knownGood().image()).isEqualTo("rollback-drill/demo:v1");
    assertThat(r.candidate().image()).isEqualTo("rollback-drill/demo:v2");
    assertAccountingIsExact(result);
    assertFailuresStopAfterHealthy(r);
    assertThat(client.services().inNamespace(ns.name()).withName("demo").get().getSpec().getSelector())
        .containsEntry("color", "blue");
    Endpoints ep = client.endpoints().inNamespace(ns.name()).withName("demo").get();
    List<String> blue = client.pods().inNamespace(ns.name()).withLabel("color", "blue").list().getItems().stream()
        .map(p -> p.getMetadata().getName()).toList();
    assertThat(ep.getSubsets().stream().flatMap(s -> s.getAddresses().stream()).map(EndpointAddress::getTargetRef)
        .map(ref -> ref.getName())).isNotEmpty().allMatch(blue::contains);
    // The drill changed no Deployment: both colours still run their own release.
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo-green").get().getMetadata()
        .getGeneration()).isEqualTo(1);
    print("blue-green-switch", r);
  }

  @Test
  void killSwitchTurnsTheFlagOffWithoutRestartingAnyPod(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    Map<String, Integer> before = new ConcurrentHashMap<>();
    DrillListener podsAtPreflight = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        if (phase.equals("preflight")) {
          before.putAll(restartsByUid(client, ns));
        }
      }
    };
    DrillResult result = run(cluster, client, Scenarios.example("kill-switch", ns), podsAtPreflight);
    DrillRecord r = result.record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().procedure()).isEqualTo("kill-switch");
    assertThat(before).hasSize(2);
    assertThat(restartsByUid(client, ns)).isEqualTo(before);
    assertThat(client.configMaps().inNamespace(ns.name()).withName("demo-flags").get().getData())
        .containsEntry("risky-path", "off");
    assertAccountingIsExact(result);
    assertFailuresStopAfterHealthy(r);
    // The kubelet syncs ConfigMap volumes every 10 s here: the flag reaches the pods in seconds, not instantly.
    assertThat(r.phaseNanos().get("healthy")).isGreaterThan(500_000_000L);
    print("kill-switch", r);
    System.out.printf("kill-switch: flag 'on' seen by the load after %.2f s (deploy+detect), 'off' on every pod %.2f s"
            + " after the ConfigMap changed (healthy)%n",
        (r.phaseNanos().get("deploy") + r.phaseNanos().get("detect")) / 1e9, r.phaseNanos().get("healthy") / 1e9);
  }

  static Map<String, Integer> restartsByUid(KubernetesClient client, TestNamespace ns) {
    return client.pods().inNamespace(ns.name()).withLabel("app", "demo").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .collect(Collectors.toMap(p -> p.getMetadata().getUid(), Rollouts::restarts));
  }

  @Test
  void rollForwardIsMeasuredLikeAnUndoAndTheTargetIsPutBackAfterwards(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    DrillResult result = run(cluster, client, Scenarios.example("roll-forward", ns), DrillListener.NONE);
    DrillRecord r = result.record();

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.scenario().procedure()).isEqualTo("roll-forward");
    assertThat(r.restored().image()).isEqualTo("rollback-drill/demo:v3");
    assertThat(r.restored().changeCause()).isEqualTo("roll forward to image rollback-drill/demo:v3 with env DEMO_FAULT");
    assertThat(r.restored().revision()).isGreaterThan(r.candidate().revision());
    assertAccountingIsExact(result);
    LoadStats total = r.impact().total();
    assertThat(total.failed()).isPositive();
    assertThat(total.lastFailedAtNanos()).isLessThanOrEqualTo(healthyEndNanos(r) + GRACE_NANOS);
    // After the measured phases the drill put the target back on known-good, under load.
    assertThat(r.impact().phases()).containsKey("restore");
    assertThat(r.impact().phases().get("restore").failed()).isZero();
    assertBackOnKnownGood(client, ns, "demo", r);
    print("roll-forward", r);
  }

  static List<Pod> pods(KubernetesClient client, TestNamespace ns) {
    return client.pods().inNamespace(ns.name()).list().getItems();
  }
}
