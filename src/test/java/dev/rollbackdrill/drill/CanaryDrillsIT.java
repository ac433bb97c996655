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
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The three canary example scenarios on the real local cluster: caught, aborted, and nothing left behind. */
@OnLocalCluster
class CanaryDrillsIT {

  private static DrillRecord run(ClusterHandle cluster, KubernetesClient client, String example, TestNamespace ns) {
    DrillListener listener = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        System.out.println("  " + drill + " " + phase + " " + nanos / 1_000_000 + " ms " + detail);
      }

      @Override
      public void note(String drill, String message) {
        System.out.println("  " + drill + " " + message);
      }
    };
    return new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), listener)
        .run(Scenarios.example(example, ns), 1, "canary-drills-it").record();
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
}
