package dev.rollbackdrill.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a drill rolls back. For {@link Procedure#ROLLOUT_UNDO}, {@code to} says which revision
 * (default {@link UndoTarget#PREVIOUS}) and {@code revision} is set iff {@code to} is {@link
 * UndoTarget#REVISION}; {@code changeCause} is set iff it is {@link UndoTarget#CHANGE_CAUSE}, and
 * {@code image} names the revision's image when it is {@link UndoTarget#IMAGE}. For {@link
 * Procedure#COMMAND}, {@code run} is the runbook's shell command and {@code to} is null. For
 * {@link Procedure#ROLL_FORWARD}, {@code image} and {@code env} (at least one) are the fix,
 * applied to the target container on top of the broken release. {@code env} is never null.
 */
public record Rollback(
    Procedure procedure,
    UndoTarget to,
    Integer revision,
    String run,
    String image,
    Map<String, String> env,
    String changeCause) {

  public Rollback {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env == null ? Map.of() : env));
  }

  /** Any procedure, no undo target named by change-cause. */
  public Rollback(
      Procedure procedure, UndoTarget to, Integer revision, String run, String image, Map<String, String> env) {
    this(procedure, to, revision, run, image, env, null);
  }

  /** Any procedure but roll-forward. */
  public Rollback(Procedure procedure, UndoTarget to, Integer revision, String run) {
    this(procedure, to, revision, run, null, Map.of());
  }
}
