package dev.rollbackdrill.drill;

import dev.rollbackdrill.canary.CanaryDecision;
import dev.rollbackdrill.canary.Verdict;
import dev.rollbackdrill.change.DrillFailure;
import dev.rollbackdrill.scenario.CanaryRule;
import io.fabric8.kubernetes.client.KubernetesClient;

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
    CanaryJudgement judgement = new CanaryJudgement(rule, d.rule().over());
    d.say().accept(judgement.plan());
    CanaryJudgement.Outcome outcome;
    try (KubernetesClient measuring = d.cluster().newMeasuringClient()) {
      outcome = judgement.judge(measuring, d.namespace(), d.tracks(), d.watch(), d.ticker(), d.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DrillFailure("detect: interrupted");
    }
    CanaryDecision decision = outcome.decision();
    String after = outcome.after();
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
}
