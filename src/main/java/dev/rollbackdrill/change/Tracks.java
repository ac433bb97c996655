package dev.rollbackdrill.change;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.function.Predicate;

/**
 * How to tell the two tracks of a change that runs beside its target apart, pod by pod: the
 * canary's pods and the baseline's (the target's own, on its known-good template). A canary
 * analysis samples each track's ready pods separately.
 */
public record Tracks(Predicate<Pod> canary, Predicate<Pod> baseline) {}
