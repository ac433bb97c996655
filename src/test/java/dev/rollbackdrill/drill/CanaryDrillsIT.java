package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.procedure.CanaryAbort;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.Timeouts;
import dev.rollbackdrill.testing.DrillCli;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three canary example scenarios on the real local cluster: caught, aborted, and nothing left behind. */
@OnLocalCluster
class CanaryDrillsIT {

  private static DrillRecord run(ClusterHandle cluster, KubernetesClient client, String example, TestNamespace ns) {
    return run(cluster, client, Scenarios.example(example, ns), new java.util.concurrent.ConcurrentHashMap<>());
  }

  /** Runs {@code s}, putting each phase's detail into {@code details}. */
  private static DrillRecord run(ClusterHandle cluster, KubernetesClient client, Scenario s, Map<String, String> details) {
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        details.put(phase, detail);
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + drill + " " + message);
      }
    };
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener)
        .run(s, 1, "canary-drills-it").record();
  }

  private static void assertNothingLeft(KubernetesClient client, TestNamespace ns) {
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName(CanaryAbort.canaryName("demo")).get()).isNull();
    assertThat(client.pods().inNamespace(ns.name()).withLabel(CanaryAbort.TRACK).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(ns.name()).withName("demo").get().getMetadata().getGeneration())
        .isEqualTo(1L);
  }

  /** At most the canary's share of the requests, with room for chance (four standard deviations). */
  private static void assertExposureAboutTheShare(DrillRecord.Canary c) {
    long n = c.userRequests();
    double bound = c.share() * n + 4 * Math.sqrt(n * c.share() * (1 - c.share())) + 1;
    assertThat(c.servedByCanary()).isNotNull();
    assertThat((double) c.servedByCanary()).as("served by the canary of %d", n).isLessThanOrEqualTo(bound);
  }

  @Test
  void aCanaryWithCheckoutThreeTimesSlowerIsCaughtInSecondsAndAborted(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    DrillRecord r = run(cluster, client, "canary-checkout-latency", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    DrillRecord.Canary c = r.canary();
    assertThat(c.share()).isEqualTo(0.05);
    assertThat(c.canaryPods()).isEqualTo(1);
    assertThat(c.baselinePods()).isEqualTo(19);
    assertThat(c.detectNanos()).isLessThan(15_000_000_000L);
    assertThat(c.decision()).contains("/cgi-bin/checkout fail: latency ", "Mann-Whitney p=", "samples ");
    assertExposureAboutTheShare(c);
    assertNothingLeft(client, ns);
  }

  @Test
  void aCanaryAnsweringErrorsIsFailedOnItsErrorRate(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "canary-error-rate", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.canary().decision()).contains("/cgi-bin/app fail: error rate ", "Fisher p=");
    assertThat(r.canary().failedUserRequests()).isEqualTo(r.canary().servedByCanary());
    assertExposureAboutTheShare(r.canary());
    assertNothingLeft(client, ns);
  }

  @Test
  void aHealthyCanaryPassesItsWindowWithoutAFalseAlarm(ClusterHandle cluster, KubernetesClient client, TestNamespace ns) {
    DrillRecord r = run(cluster, client, "canary-healthy", ns);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
    assertThat(r.canary().decision()).startsWith("canary analysis pass after ");
    assertThat(r.canary().detectNanos()).isGreaterThanOrEqualTo(10_000_000_000L);
    assertNothingLeft(client, ns);
  }

  /** The team's automation: {@code drill canary watch}, a process of its own, judging the canary the drill makes. */
  private static DrillCli.Running automation(TestNamespace ns) {
    return DrillCli.start("canary", "watch", "--cluster", "local", "-n", ns.name(), "-d", "demo",
        "--endpoint", "/cgi-bin/app", "--endpoint", "/cgi-bin/checkout", "--port", "8080", "--rate", "10/s",
        "--window", "30s", "--once", "--wait", "180s");
  }

  @Test
  void theTeamsAutomationRollsTheSlowCanaryBackByItselfAndTheDrillMeasuresIt(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) throws Exception {
    DrillCli.Running watch = automation(ns);
    try {
      Map<String, String> details = new java.util.concurrent.ConcurrentHashMap<>();
      DrillRecord r = run(cluster, client, Scenarios.example("canary-checkout-automatic", ns), details);

      assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASSED);
      assertThat(watch.waitFor(Duration.ofSeconds(60))).as(watch.output()).isZero();
      assertThat(watch.output()).contains("canary analysis fail after", "/cgi-bin/checkout fail: latency ",
          "rolled back: scaled deployment/demo-rbd-canary to 0 replicas");
      DrillRecord.Canary c = r.canary();
      assertThat(c.decision()).isEqualTo("the team's automation took the canary's traffic away: no canary pod left running");
      // Live to rolled back: the automation's own sampling and decision, plus its process's reaction.
      assertThat(c.detectNanos()).isLessThan(15_000_000_000L);
      // The drill triggered nothing; the cluster says who scaled the canary down.
      assertThat(details.get("trigger")).isEqualTo("nothing to trigger: the team's automation scaled"
          + " deployment/demo-rbd-canary to 0 replicas (field manager " + CanaryWatch.FIELD_MANAGER + ")");
      assertExposureAboutTheShare(c);
      assertNothingLeft(client, ns);
    } finally {
      watch.killIfAlive();
    }
  }

  @Test
  void withNoAutomationRunningTheDrillFailsSayingSoAndRemovesTheCanary(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    Scenario s = Scenarios.example("canary-checkout-automatic", ns);
    Timeouts t = s.timeouts();
    s = s.withTimeouts(new Timeouts(t.preflight(), t.deploy(), Duration.ofSeconds(8), t.rollback(), t.healthy(), t.verify()));

    DrillRecord r = run(cluster, client, s, new java.util.concurrent.ConcurrentHashMap<>());

    assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(r.reason()).startsWith("detect: the automated rollback did not fire within 8s");
    assertNothingLeft(client, ns);
  }
}
