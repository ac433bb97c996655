package dev.rollbackdrill.drill;

import dev.rollbackdrill.canary.Verdict;
import dev.rollbackdrill.change.Tracks;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.history.ToolVersion;
import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.procedure.CanaryAbort;
import dev.rollbackdrill.scenario.CanaryRule;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code drill canary watch}: canary automation of the kind a team runs (Flagger, Argo Rollouts, a
 * pipeline step), in a process of its own, so that an {@code automatic} drill has something real to
 * measure. It watches a Deployment for canaries beside it (pods labelled {@link CanaryAbort#TRACK}
 * {@code =canary} and {@link CanaryAbort#CANARY_OF} naming it), analyses each live one against the
 * baseline with the drill's own analysis, and on a fail scales the canary's Deployment to zero as
 * {@value #FIELD_MANAGER} (the field manager the cluster records). A canary that passes or stays
 * inconclusive is left as it is: promoting is the release pipeline's business.
 */
public final class CanaryWatch {

  /** The user agent, and so the field manager of every change this automation makes. */
  public static final String FIELD_MANAGER = "rollback-drill-canary-watch";

  /**
   * Watch {@code deployment} in {@code namespace}, judging each canary by {@code rule} over {@code
   * window}; wait at most {@code waitForCanary} for each canary to appear; stop after one decision
   * when {@code once}.
   */
  public record Settings(String namespace, String deployment, CanaryRule rule, Duration window, Duration waitForCanary,
      boolean once) {}

  /** What became of one canary. */
  public record Decided(String canary, Verdict verdict, boolean scaledDown) {}

  /** No canary appeared within the wait, or the Deployment to watch is not there. */
  public static final class NothingToWatch extends Exception {
    private static final long serialVersionUID = 1L;

    NothingToWatch(String message) {
      super(message);
    }
  }

  private final ClusterHandle cluster;
  private final Ticker ticker;
  private final Consumer<String> say;

  public CanaryWatch(ClusterHandle cluster, Consumer<String> say) {
    this.cluster = cluster;
    this.ticker = Ticker.system();
    this.say = say;
  }

  /** Watches until one canary is decided ({@code once}) or the thread is interrupted; returns what it decided. */
  public List<Decided> run(Settings s) throws NothingToWatch, InterruptedException {
    List<Decided> decided = new ArrayList<>();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.config())
            .withUserAgent(FIELD_MANAGER + "/" + ToolVersion.current()).build()).build();
        KubernetesClient measuring = cluster.newMeasuringClient()) {
      Deployment target = awaitTarget(client, s);
      Map<String, String> selector = target.getSpec().getSelector().getMatchLabels();
      Tracks tracks = new Tracks(p -> isCanary(p, s.deployment()), p -> !isCanary(p, s.deployment()));
      CanaryJudgement judgement = new CanaryJudgement(s.rule(), s.window());
      try (TargetWatch watch = new TargetWatch(client, s.namespace(), s.deployment(), selector, ticker).start()) {
        do {
          say.accept("watching deployment " + s.namespace() + "/" + s.deployment() + " for a canary (pods labelled "
              + CanaryAbort.TRACK + "=canary, " + CanaryAbort.CANARY_OF + "=" + s.deployment() + ")");
          try {
            HealthGate.named("a canary", snap -> !ready(snap, tracks, true).isEmpty())
                .await(watch, s.waitForCanary(), snap -> "no ready canary pod");
          } catch (HealthGate.GateException e) {
            throw new NothingToWatch("no canary of deployment " + s.namespace() + "/" + s.deployment()
                + " became ready within " + s.waitForCanary().toSeconds() + " s");
          }
          TargetWatch.Snapshot snap = watch.snapshot();
          String canary = canaryDeployment(ready(snap, tracks, true).get(0));
          say.accept("canary " + canary + " live: " + ready(snap, tracks, true).size() + " canary pod(s) beside "
              + ready(snap, tracks, false).size() + " baseline pod(s); " + judgement.plan());
          CanaryJudgement.Outcome outcome = judgement.judge(measuring, s.namespace(), tracks, watch, ticker, s.window());
          say.accept("canary analysis " + outcome.decision().verdict().word() + " after " + outcome.after() + ": "
              + outcome.decision().describe());
          boolean fail = outcome.decision().verdict() == Verdict.FAIL;
          if (fail) {
            scaleToZero(client, s.namespace(), canary);
          } else {
            say.accept("left deployment/" + canary + " as it is: promoting or removing a canary that did not fail is"
                + " the release pipeline's");
          }
          decided.add(new Decided(canary, outcome.decision().verdict(), fail));
          if (!s.once()) {
            HealthGate.named("the canary gone", now -> now.pods().stream().noneMatch(tracks.canary()))
                .await(watch, Duration.ofDays(3650), now -> "a canary pod is still there");
          }
        } while (!s.once() && !Thread.currentThread().isInterrupted());
      }
    }
    return decided;
  }

  /** The Deployment to watch; started before it exists (before a drill sets its fixture up), it waits for it. */
  private Deployment awaitTarget(KubernetesClient client, Settings s) throws NothingToWatch, InterruptedException {
    long until = System.nanoTime() + s.waitForCanary().toNanos();
    boolean said = false;
    while (true) {
      Deployment d = client.apps().deployments().inNamespace(s.namespace()).withName(s.deployment()).get();
      if (d != null) {
        return d;
      }
      if (System.nanoTime() > until) {
        throw new NothingToWatch("no deployment " + s.namespace() + "/" + s.deployment() + " appeared within "
            + s.waitForCanary().toSeconds() + " s");
      }
      if (!said) {
        say.accept("waiting for deployment " + s.namespace() + "/" + s.deployment() + " to exist");
        said = true;
      }
      // Not a measurement: nothing is timed until a canary is live.
      Thread.sleep(500);
    }
  }

  private void scaleToZero(KubernetesClient client, String ns, String canary) {
    try {
      client.apps().deployments().inNamespace(ns).withName(canary)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}");
      say.accept("rolled back: scaled deployment/" + canary + " to 0 replicas");
    } catch (KubernetesClientException e) {
      say.accept("could not roll back: scaling deployment/" + canary + " to 0 was refused: " + ApiErrors.describe(e));
    }
  }

  private static boolean isCanary(Pod p, String deployment) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l != null && "canary".equals(l.get(CanaryAbort.TRACK)) && deployment.equals(l.get(CanaryAbort.CANARY_OF));
  }

  private static List<Pod> ready(TargetWatch.Snapshot snap, Tracks tracks, boolean canary) {
    return snap.pods().stream()
        .filter(p -> (canary ? tracks.canary() : tracks.baseline()).test(p) && Rollouts.ready(p) && !Rollouts.terminating(p))
        .toList();
  }

  /** The Deployment a canary pod belongs to, by its ReplicaSet's owner (a canary of the drill's is NAME-rbd-canary). */
  private static String canaryDeployment(Pod p) {
    String rs = p.getMetadata().getOwnerReferences() == null ? null : p.getMetadata().getOwnerReferences().stream()
        .filter(o -> "ReplicaSet".equals(o.getKind())).map(o -> o.getName()).findFirst().orElse(null);
    String hash = p.getMetadata().getLabels().get("pod-template-hash");
    if (rs != null && hash != null && rs.endsWith("-" + hash)) {
      return rs.substring(0, rs.length() - hash.length() - 1);
    }
    return CanaryAbort.canaryName(p.getMetadata().getLabels().get(CanaryAbort.CANARY_OF));
  }
}
