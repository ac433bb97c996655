package dev.rollbackdrill.drill;

import dev.rollbackdrill.canary.CanaryAnalysis;
import dev.rollbackdrill.canary.CanaryDecision;
import dev.rollbackdrill.canary.Verdict;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.scenario.CanaryRule;
import dev.rollbackdrill.scenario.Durations;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * {@code canary-analysis}: samples the canary's and the baseline's pods separately ({@link
 * TrackSampler}) and decides again on every settled request, so a fail is seen at the answer that
 * made it; the window ({@code detect.over}) bounds the looks, and the criteria's significance is
 * spread over them so that repeated looks keep its false-alarm rate. A canary with a fault (or an
 * environment of its own) must fail the analysis; one without must pass it at the window's end: a
 * fail of a healthy canary is a false alarm, a pass of a bad one a miss, and inconclusive is
 * neither, each a failed drill with the numbers.
 */
final class CanaryAnalysisDetector implements Detector {

  @Override
  public String await(Detection d) throws DrillFailure {
    CanaryRule rule = d.rule().canary();
    if (d.tracks() == null || rule == null) {
      throw new DrillFailure("detect: canary-analysis needs a canary change, which this drill did not make");
    }
    Duration over = d.rule().over();
    long window = over.toNanos();
    // Every settled request is a look: at most this many in the window.
    long looks = Math.max(1, (long) Math.ceil(rule.ratePerSecond() * window / 1e9) * rule.endpoints().size() * 2);
    CanaryAnalysis analysis = new CanaryAnalysis(rule.criteria().spreadOver((int) Math.min(Integer.MAX_VALUE, looks)));
    d.say().accept("canary analysis: " + rule.endpoints() + " on each track's pods at " + rate(rule) + " each, over "
        + Durations.format(over) + "; fail at latency p" + quantile(rule) + " above " + trim(rule.criteria().latencyRatio())
        + "x the baseline's or errors " + percent(rule.criteria().errorRateMargin()) + " above, at significance "
        + trim(rule.criteria().alpha()) + " over " + looks + " looks; at least " + rule.criteria().minSamples()
        + " samples per track");
    CanaryDecision decision;
    long start = d.ticker().nanos();
    long end = start + Math.min(window, d.timeout().toNanos());
    try (KubernetesClient once = d.cluster().newMeasuringClient();
        TrackSampler sampler = new TrackSampler(warm(once), d.namespace(), rule, d.tracks(), d.watch(), d.ticker()).start()) {
      long seen = -1;
      while (true) {
        sampler.awaitMoreThan(seen, end);
        TrackSampler.Seen s = sampler.seen();
        seen = s.settled();
        decision = analysis.decide(s.canary(), s.baseline());
        if (decision.verdict() == Verdict.FAIL || d.ticker().nanos() >= end) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrillFailure("detect: interrupted");
    }
    String after = Durations.format(Duration.ofNanos(d.ticker().nanos() - start));
    String numbers = decision.describe();
    boolean expectFail = d.badCanary();
    if (decision.verdict() == Verdict.INCONCLUSIVE) {
      throw new DrillFailure("detect: the canary analysis was inconclusive after " + after + " (" + numbers + ")");
    }
    if (decision.verdict() == Verdict.FAIL && !expectFail) {
      throw new DrillFailure("detect: false alarm: the analysis failed a canary with no fault after " + after + " ("
          + numbers + ")");
    }
    if (decision.verdict() == Verdict.PASS && expectFail) {
      throw new DrillFailure("detect: the analysis passed a bad canary after " + after + " (" + numbers + ")");
    }
    return "canary analysis " + decision.verdict().word() + " after " + after + ": " + numbers;
  }

  /** {@code client}, connected: a TLS handshake is no part of a sample's latency. */
  private static KubernetesClient warm(KubernetesClient client) {
    dev.rollbackdrill.kube.ApiServerProxy.warmUp(client);
    return client;
  }

  private static String rate(CanaryRule r) {
    return trim(r.ratePerSecond()) + "/s";
  }

  private static String quantile(CanaryRule r) {
    return trim(r.criteria().quantile() * 100);
  }

  private static String percent(double f) {
    return dev.rollbackdrill.scenario.Percentages.format(f, 6);
  }

  private static String trim(double v) {
    return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
