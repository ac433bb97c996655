package dev.rollbackdrill.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {

  private static final double MS = 1e6;
  private final CanaryAnalysis analysis = new CanaryAnalysis(CanaryCriteria.DEFAULTS);

  @Test
  void equalDistributionsPassAtTheStatedFalseAlarmRateAcrossLooks() {
    // The detector looks again as samples arrive; count a false alarm when any look fails.
    CanaryAnalysis looking = new CanaryAnalysis(CanaryCriteria.DEFAULTS.spreadOver(10));
    int seeds = 1000;
    int alarms = 0;
    for (int seed = 0; seed < seeds; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      TrackSamples canary = new TrackSamples();
      TrackSamples baseline = new TrackSamples();
      boolean alarm = false;
      for (int look = 1; look <= 10 && !alarm; look++) {
        add(canary, r, 30, 20 * MS, 0.01);
        add(baseline, r, 300, 20 * MS, 0.01);
        alarm = looking.endpoint("/checkout", canary.snapshot(), baseline.snapshot()).verdict() == Verdict.FAIL;
      }
      if (alarm) {
        alarms++;
      }
    }
    assertThat((double) alarms / seeds).as("false alarms over %d seeds", seeds)
        .isLessThanOrEqualTo(CanaryCriteria.DEFAULTS.alpha());
  }

  @Test
  void theRankTestAloneIsCalibratedOnEqualDistributions() {
    // What the effect threshold guards: Mann-Whitney's own p-value is uniform under no difference.
    int seeds = 2000;
    int below = 0;
    for (int seed = 0; seed < seeds; seed++) {
      SplittableRandom r = new SplittableRandom(1_000_000 + seed);
      EndpointDecision d = analysis.endpoint("/", Samples.of(r, 60, 20 * MS, 0), Samples.of(r, 600, 20 * MS, 0));
      if (d.latencyP() < 0.05) {
        below++;
      }
    }
    assertThat(below).as("p < 0.05 in %d of %d seeds", below, seeds).isBetween(60, 140);
  }

  @Test
  void aThreefoldLatencyShiftFailsOnTheFewestSamples() {
    CanaryAnalysis looking = new CanaryAnalysis(CanaryCriteria.DEFAULTS.spreadOver(40));
    for (int seed = 0; seed < 200; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      EndpointDecision d = looking.endpoint("/checkout", Samples.of(r, 30, 60 * MS, 0), Samples.of(r, 30, 20 * MS, 0));
      assertThat(d.verdict()).as("seed %d: %s", seed, d.describe(0.5)).isEqualTo(Verdict.FAIL);
      assertThat(d.latencyRatio()).isGreaterThan(2);
      assertThat(d.latencyP()).isLessThan(0.01 / 40);
    }
  }

  @Test
  void aSignificantShiftSmallerThanTheRatioPasses() {
    SplittableRandom r = new SplittableRandom(7);
    EndpointDecision d = analysis.endpoint("/", Samples.of(r, 5000, 30 * MS, 0), Samples.of(r, 5000, 20 * MS, 0));
    assertThat(d.latencyP()).isLessThan(1e-6);
    assertThat(d.latencyRatio()).isBetween(1.4, 1.6);
    assertThat(d.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void tooFewSamplesIsInconclusiveWhateverTheyShow() {
    SplittableRandom r = new SplittableRandom(3);
    EndpointDecision d = analysis.endpoint("/checkout", Samples.of(r, 29, 200 * MS, 0.5), Samples.of(r, 1000, 20 * MS, 0));
    assertThat(d.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(d.reason()).contains("too few samples (need 30 per track)");
    assertThat(d.latencyP()).isNull();
    CanaryDecision all = analysis.decide(Map.of("/checkout", Samples.of(r, 10, 20 * MS, 0)), Map.of());
    assertThat(all.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  void aHigherErrorRateFailsAndAnEqualOnePasses() {
    SplittableRandom r = new SplittableRandom(11);
    EndpointDecision bad = analysis.endpoint("/", Samples.of(r, 200, 20 * MS, 0.2), Samples.of(r, 2000, 20 * MS, 0.005));
    assertThat(bad.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(bad.reason()).startsWith("error rate ");
    assertThat(bad.errorP()).isLessThan(0.01);
    EndpointDecision same = analysis.endpoint("/", Samples.of(r, 200, 20 * MS, 0.01), Samples.of(r, 2000, 20 * MS, 0.01));
    assertThat(same.verdict()).isEqualTo(Verdict.PASS);
    EndpointDecision none = analysis.endpoint("/", Samples.of(r, 200, 20 * MS, 0), Samples.of(r, 2000, 20 * MS, 0));
    assertThat(none.errorP()).isNull();
    assertThat(none.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void theDecisionNamesTheFailingEndpointFirstWithItsNumbers() {
    SplittableRandom r = new SplittableRandom(5);
    Map<String, TrackSamples.Snapshot> canary = new java.util.LinkedHashMap<>();
    canary.put("/", Samples.of(r, 100, 20 * MS, 0));
    canary.put("/checkout", Samples.of(r, 100, 60 * MS, 0));
    Map<String, TrackSamples.Snapshot> baseline = Map.of("/", Samples.of(r, 1000, 20 * MS, 0), "/checkout",
        Samples.of(r, 1000, 20 * MS, 0));
    CanaryDecision d = analysis.decide(canary, baseline);
    assertThat(d.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(d.failed().endpoint()).isEqualTo("/checkout");
    assertThat(d.describe()).startsWith("/checkout fail: latency ")
        .contains("samples 100 canary, 1000 baseline", "p50 ", "Mann-Whitney p=", " | / pass: ");
  }

  private static void add(TrackSamples t, SplittableRandom r, int n, double median, double errorRate) {
    TrackSamples.Snapshot s = Samples.of(r, n, median, errorRate);
    for (long l : s.latencies()) {
      t.ok(l);
    }
    for (long i = 0; i < s.failed(); i++) {
      t.failed();
    }
  }
}
