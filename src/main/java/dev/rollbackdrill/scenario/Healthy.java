package dev.rollbackdrill.scenario;

/**
 * What "healthy again" means beyond the rollout itself completing. {@code http} is null when the
 * scenario names no HTTP check; the loader never returns a null {@code Healthy}.
 */
public record Healthy(HttpCheck http) {}
