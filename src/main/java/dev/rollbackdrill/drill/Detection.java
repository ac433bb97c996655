package dev.rollbackdrill.drill;

import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.load.LoadGenerator;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Detect;
import dev.rollbackdrill.timing.Ticker;
import java.time.Duration;
import java.util.function.Function;

/**
 * What a {@link Detector} may look at while it waits for the release to show itself bad (or good):
 * the target's watch, the known-good and candidate templates (by hash; the candidate's is null
 * when the change made no revision), what kind of change it was, the scenario's rule and time
 * allowed, the drill's clock, its synthetic load (null without one), and how to describe the
 * target in a timeout message; for a change beside the target (a canary), the cluster (for a
 * client of the sampler's own) and the namespace to sample its pods in, how to tell its tracks
 * apart (null otherwise), and whether it carries a fault the analysis must find; where progress
 * lines go.
 */
record Detection(
    TargetWatch watch,
    String knownGoodHash,
    String candidateHash,
    ChangeType change,
    Detect rule,
    Duration timeout,
    Ticker ticker,
    LoadGenerator load,
    Function<TargetWatch.Snapshot, String> describe,
    dev.rollbackdrill.cluster.ClusterHandle cluster,
    String namespace,
    dev.rollbackdrill.change.Tracks tracks,
    boolean badCanary,
    java.util.function.Consumer<String> say) {}
