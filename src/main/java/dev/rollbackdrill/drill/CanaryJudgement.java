package dev.rollbackdrill.drill;

import dev.rollbackdrill.canary.CanaryAnalysis;
import dev.rollbackdrill.canary.CanaryDecision;
import dev.rollbackdrill.canary.Verdict;
import dev.rollbackdrill.change.Tracks;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.scenario.CanaryRule;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.Percentages;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * One canary analysis over a window: samples each track ({@link TrackSampler}) and decides again
 * on every settled request, stopping at the first fail or at the window's end, with the criteria's
 * significance spread over every look the window can hold so that repeated looks keep its
 * false-alarm rate. The drill's {@code canary-analysis} detector and {@code drill canary watch}
 * (the stand-in for a team's own canary automation, in a process of its own) both judge with it.
 */
final class CanaryJudgement {

  /** What the analysis decided, and how long after it began sampling. */
  record Outcome(CanaryDecision decision, long elapsedNanos) {
    String after() {
      return Durations.format(Duration.ofNanos(elapsedNanos));
    }
  }

  private final CanaryRule rule;
  private final Duration window;
  private final long looks;

  CanaryJudgement(CanaryRule rule, Duration window) {
    this.rule = rule;
    this.window = window;
    // Every settled request is a look: at most this many in the window.
    this.looks = Math.max(1, (long) Math.ceil(rule.ratePerSecond() * window.toNanos() / 1e9) * rule.endpoints().size() * 2);
  }

  /** One line on what is sampled and what fails, for the console. */
  String plan() {
    return "canary analysis: " + rule.endpoints() + " on each track's pods at " + trim(rule.ratePerSecond()) + "/s each,"
        + " over " + Durations.format(window) + "; fail at latency p" + trim(rule.criteria().quantile() * 100) + " above "
        + trim(rule.criteria().latencyRatio()) + "x the baseline's or errors "
        + Percentages.format(rule.criteria().errorRateMargin(), 6) + " above, at significance "
        + trim(rule.criteria().alpha()) + " over " + looks + " looks; at least " + rule.criteria().minSamples()
        + " samples per track";
  }

  /**
   * Samples the tracks of the canary {@code watch} sees in {@code ns} with {@code measuring} (a
   * client that never retries) until a fail, the window's end or {@code timeout}, whichever is first.
   */
  Outcome judge(KubernetesClient measuring, String ns, Tracks tracks, TargetWatch watch, Ticker ticker, Duration timeout)
      throws InterruptedException {
    CanaryAnalysis analysis = new CanaryAnalysis(rule.criteria().spreadOver((int) Math.min(Integer.MAX_VALUE, looks)));
    // Connected first: a TLS handshake is no part of a sample's latency.
    ApiServerProxy.warmUp(measuring);
    long start = ticker.nanos();
    long end = start + Math.min(window.toNanos(), timeout.toNanos());
    CanaryDecision decision;
    try (TrackSampler sampler = new TrackSampler(measuring, ns, rule, tracks, watch, ticker).start()) {
      long seen = -1;
      while (true) {
        sampler.awaitMoreThan(seen, end);
        TrackSampler.Seen s = sampler.seen();
        seen = s.settled();
        decision = analysis.decide(s.canary(), s.baseline());
        if (decision.verdict() == Verdict.FAIL || ticker.nanos() >= end) {
          break;
        }
      }
    }
    return new Outcome(decision, ticker.nanos() - start);
  }

  private static String trim(double v) {
    return new BigDecimal(v).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
