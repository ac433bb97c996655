/**
 * The statistics of a canary: samples of one endpoint from each track (the canary's pods and the
 * baseline's, sampled separately), the criteria a scenario states, and the analysis that compares
 * them with Apache Commons Math's Mann-Whitney U test and Fisher's exact
 * test (its hypergeometric distribution) into a pass, a fail or an
 * inconclusive decision with its numbers. Pure computation: uses nothing of the cluster, so the
 * drill's detector ({@code drill.CanaryAnalysisDetector}) and its unit tests and benchmark share it.
 */
package dev.rollbackdrill.canary;
