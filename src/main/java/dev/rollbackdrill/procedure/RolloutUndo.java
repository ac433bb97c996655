package dev.rollbackdrill.procedure;

/**
 * {@code rollout-undo}: go back to the previous revision, to a named revision, or to the
 * known-good revision the drill recorded in preflight, with {@link RevisionUndo}.
 */
final class RolloutUndo implements RollbackProcedure {

  enum To {
    PREVIOUS,
    REVISION,
    LAST_KNOWN_GOOD
  }

  private final To to;
  private final long revision;

  RolloutUndo(To to, long revision) {
    this.to = to;
    this.revision = revision;
  }

  @Override
  public String name() {
    return "rollout-undo";
  }

  private long target(ProcedureContext ctx) {
    return switch (to) {
      case PREVIOUS -> 0;
      case REVISION -> revision;
      case LAST_KNOWN_GOOD -> ctx.knownGoodRevision();
    };
  }

  @Override
  public String describe(ProcedureContext ctx) {
    String where =
        switch (to) {
          case PREVIOUS -> "the previous revision";
          case REVISION -> "revision " + revision;
          case LAST_KNOWN_GOOD -> "the last known-good revision (" + ctx.knownGoodRevision() + ")";
        };
    return "undo deployment/" + ctx.deployment() + " in " + ctx.namespace() + " to " + where;
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    RevisionUndo.Result r = RevisionUndo.undo(ctx.client(), ctx.namespace(), ctx.deployment(), target(ctx));
    String summary =
        r.changed()
            ? "rolled back to revision " + r.revision() + (r.changeCause() == null ? "" : " (" + r.changeCause() + ")")
            : "skipped: the template already matches revision " + r.revision();
    return new Outcome(summary, "");
  }
}
