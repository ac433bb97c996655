package dev.rollbackdrill.procedure;

import dev.rollbackdrill.kube.Rollouts;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Objects;

/**
 * {@code rollout-undo}: go back to the previous revision, to a named revision, to the newest
 * older revision with a given change-cause or image, or to the known-good revision the drill
 * recorded in preflight, with {@link RevisionUndo}.
 */
final class RolloutUndo implements RollbackProcedure {

  enum To {
    PREVIOUS,
    REVISION,
    LAST_KNOWN_GOOD,
    CHANGE_CAUSE,
    IMAGE
  }

  private final To to;
  private final long revision;
  /** The change-cause or image that names the revision ({@link To#CHANGE_CAUSE}, {@link To#IMAGE}). */
  private final String named;

  RolloutUndo(To to, long revision) {
    this(to, revision, null);
  }

  RolloutUndo(To to, long revision, String named) {
    this.to = to;
    this.revision = revision;
    this.named = named;
  }

  @Override
  public String name() {
    return "rollout-undo";
  }

  private long target(ProcedureContext ctx) throws ProcedureException {
    return switch (to) {
      case PREVIOUS -> 0;
      case REVISION -> revision;
      case LAST_KNOWN_GOOD -> ctx.knownGoodRevision();
      case CHANGE_CAUSE, IMAGE -> byName(ctx);
    };
  }

  /** The newest revision older than the current one whose change-cause (or image) is {@link #named}. */
  private long byName(ProcedureContext ctx) throws ProcedureException {
    Deployment d = ctx.client().apps().deployments().inNamespace(ctx.namespace()).withName(ctx.deployment()).get();
    if (d == null) {
      throw new ProcedureException("deployment " + ctx.namespace() + "/" + ctx.deployment() + " not found", "");
    }
    long current = Rollouts.revision(d);
    return Rollouts.owned(d, ctx.client().apps().replicaSets().inNamespace(ctx.namespace()).list().getItems()).stream()
        .filter(rs -> Rollouts.revision(rs) != current)
        .filter(rs -> matches(rs, ctx.container()))
        .findFirst() // newest first
        .map(Rollouts::revision)
        .orElseThrow(() -> new ProcedureException("no older revision of " + ctx.namespace() + "/" + ctx.deployment()
            + " has " + where(), ""));
  }

  private boolean matches(ReplicaSet rs, String container) {
    return to == To.CHANGE_CAUSE ? Objects.equals(named, Rollouts.changeCause(rs))
        : named.equals(Rollouts.image(rs.getSpec().getTemplate(), container));
  }

  private String where() {
    return to == To.CHANGE_CAUSE ? "change-cause \"" + named + "\"" : "image " + named;
  }

  @Override
  public String describe(ProcedureContext ctx) {
    String where =
        switch (to) {
          case PREVIOUS -> "the previous revision";
          case REVISION -> "revision " + revision;
          case LAST_KNOWN_GOOD -> "the last known-good revision (" + ctx.knownGoodRevision() + ")";
          case CHANGE_CAUSE, IMAGE -> "the newest older revision with " + where();
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
