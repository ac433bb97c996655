package dev.rollbackdrill.cluster;

import java.util.List;

/** What a provider reports about its cluster: ready for drills or not, and one line per part. */
public record ClusterStatus(boolean ready, List<String> lines) {}
