package dev.rollbackdrill.scenario;

/**
 * How a drill rolls back. For {@link Procedure#ROLLOUT_UNDO}, {@code to} says which revision
 * (default {@link UndoTarget#PREVIOUS}) and {@code revision} is set iff {@code to} is {@link
 * UndoTarget#REVISION}. For {@link Procedure#COMMAND}, {@code run} is the runbook's shell command
 * and {@code to} is null.
 */
public record Rollback(Procedure procedure, UndoTarget to, Integer revision, String run) {}
