package dev.rollbackdrill.drill;

import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.guard.AccessCheck;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.procedure.Procedures;
import dev.rollbackdrill.procedure.RollbackProcedure;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The trigger phase: the scenario's rollback procedure, run as the on-call identity when one is
 * configured ({@code --as}), since a drill proves that they can roll back. Everything else
 * (watching, restoring) stays the harness's own.
 */
final class OnCallTrigger {
  private OnCallTrigger() {}

  static RollbackProcedure.Outcome run(KubernetesClient client, DrillRunner.Options options, DrillRun run,
      DrillTeardown teardown) throws DrillFailure, ProcedureException {
    RollbackProcedure procedure = Procedures.of(run.s.rollback());
    KubernetesClient procedureClient = options.asUser() == null ? client
        : new KubernetesClientBuilder().withConfig(
            AccessCheck.impersonating(client.getConfiguration(), options.asUser(), options.asGroups())).build();
    try {
      KnownGoodTarget knownGood = run.knownGood;
      ProcedureContext ctx = new ProcedureContext(procedureClient, run.ns, run.name,
          Rollouts.revision(knownGood.replicaSet()), knownGood.hash(), run.s.timeouts().rollback(),
          run.s.target().container(), run.lever.selector(), run.lever.flag());
      run.note("trigger: " + procedure.describe(ctx)
          + (options.asUser() == null ? "" : " (as " + DrillGuard.identity(options) + ")"));
      // Under the teardown's lock: a SIGTERM's restore waits for a procedure that is running, and
      // once it has begun, no procedure follows it (an undo to "previous" would bring the candidate back).
      RollbackProcedure.Outcome[] outcome = new RollbackProcedure.Outcome[1];
      teardown.unlessStopping(Phase.TRIGGER, false, () -> outcome[0] = procedure.run(ctx));
      return outcome[0];
    } finally {
      if (procedureClient != client) {
        procedureClient.close();
      }
    }
  }
}
