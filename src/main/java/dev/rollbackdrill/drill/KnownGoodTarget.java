package dev.rollbackdrill.drill;

import dev.rollbackdrill.guard.RolloutHistory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/**
 * The target as preflight found it: the Deployment, the ReplicaSet it runs (known-good) and that
 * ReplicaSet's pod-template hash, and its rollout history, put back as found after the drill.
 */
record KnownGoodTarget(Deployment deployment, ReplicaSet replicaSet, String hash, RolloutHistory history) {}
