package dev.rollbackdrill.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.guard.KnownGood;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.history.DrillRecord.Verdict;
import dev.rollbackdrill.scenario.Procedure;
import dev.rollbackdrill.scenario.Rollback;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.Timeouts;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A runbook that has drifted from reality is caught: a command that fails, hangs or does nothing
 * is a failed drill with a clear reason, its output is kept, and the target is still put back on
 * known-good (and seen healthy) before the drill ends, with the load running through the restore.
 */
@OnLocalCluster
class RunbookFailuresIT {

  /** The http500-undo example rolled back by {@code command} instead, with a short rollback timeout. */
  private static Scenario withRunbook(TestNamespace ns, String command) {
    Scenario s = Scenarios.example("http500-undo", ns);
    Timeouts t = s.timeouts();
    return s.withRollback(new Rollback(Procedure.COMMAND, null, null, command))
        .withTimeouts(new Timeouts(t.preflight(), t.deploy(), t.detect(), Duration.ofSeconds(3), t.healthy(), t.verify()));
  }

  private static DrillRecord failedAndRestored(ClusterHandle cluster, KubernetesClient client, TestNamespace ns,
      String command) {
    DrillResult result = RollbackProceduresIT.run(cluster, client, withRunbook(ns, command), DrillListener.NONE);
    DrillRecord r = result.record();
    System.out.println("runbook '" + command + "': " + r.verdict() + ": " + r.reason());

    assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(r.reason()).doesNotContain("RESTORE FAILED");
    assertThat(r.triggerToHealthyNanos()).isNull();
    RollbackProceduresIT.assertBackOnKnownGood(client, ns, "demo", r);
    assertThat(KnownGood.read(client.apps().deployments().inNamespace(ns.name()).withName("demo").get())).isEmpty();
    // Users kept seeing errors until the drill restored the target; every request is still accounted for.
    RollbackProceduresIT.assertAccountingIsExact(result);
    assertThat(r.impact().phases()).containsKey("restore");
    return r;
  }

  @Test
  void aCommandThatFailsIsAFailedDrillWithItsOutputAndTheTargetIsRestored(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) {
    DrillRecord r = failedAndRestored(cluster, client, ns,
        "echo 'rolling back demo'; echo 'Error from server (NotFound): deployments.apps \"demo-v2\" not found' >&2; exit 1");

    assertThat(r.reason()).isEqualTo(
        "runbook command exited 1: Error from server (NotFound): deployments.apps \"demo-v2\" not found");
    assertThat(r.procedureOutput()).isEqualTo(
        "rolling back demo\nError from server (NotFound): deployments.apps \"demo-v2\" not found\n");
  }

  @Test
  void aCommandThatHangsIsKilledAtTheRollbackTimeoutAndTheTargetIsRestored(ClusterHandle cluster,
      KubernetesClient client, TestNamespace ns) {
    DrillRecord r = failedAndRestored(cluster, client, ns, "echo 'waiting for approval'; sleep 600");

    assertThat(r.reason()).isEqualTo("runbook command timed out after 3s and was killed: echo 'waiting for approval';"
        + " sleep 600 (last output: waiting for approval)");
    assertThat(r.procedureOutput()).isEqualTo("waiting for approval\n");
    assertThat(r.phaseNanos().get("trigger")).isBetween(3_000_000_000L, 10_000_000_000L);
  }

  @Test
  void aCommandThatDoesNothingIsAFailedDrillAndTheTargetIsRestored(ClusterHandle cluster, KubernetesClient client,
      TestNamespace ns) {
    DrillRecord r = failedAndRestored(cluster, client, ns, "true");

    assertThat(r.reason()).startsWith("rollback-accepted: the procedure returned (runbook command exited 0) but"
        + " changed nothing within 3s; the target is still on the change (");
    assertThat(r.procedureOutput()).isNull();
  }
}
