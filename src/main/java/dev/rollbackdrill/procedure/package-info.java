/**
 * The rollback procedures a drill rehearses, one {@link dev.rollbackdrill.procedure.RollbackProcedure}
 * each (rollout undo to a revision, the runbook's own command, a blue-green switch, a kill switch,
 * rolling forward), made from a scenario by {@link dev.rollbackdrill.procedure.Procedures}, and
 * {@link dev.rollbackdrill.procedure.KnownGoodRestore}, the one way a target is put back on its
 * known-good state by a drill and by {@code drill recover} alike. A procedure returns once the API
 * accepted its change or its command exited; watching for the result is the drill's job. Uses
 * {@code scenario}, {@code cluster} (the runbook's kubeconfig) and {@code kube}'s rollout facts.
 */
package dev.rollbackdrill.procedure;
