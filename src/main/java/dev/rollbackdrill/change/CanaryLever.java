package dev.rollbackdrill.change;

import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.kube.ApiErrors;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.kube.TargetWatch.Snapshot;
import dev.rollbackdrill.procedure.CanaryAbort;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.scenario.Change;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Percentages;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A canary: the candidate runs as a Deployment of its own ({@link CanaryAbort#canaryName}) beside
 * the target, behind the target's Service, its pods labelled {@link CanaryAbort#TRACK}{@code
 * =canary}. The weight is made by replica count, so the share is what the replicas give, stated as
 * it is ({@code 1 of 20 pods: 5%}); preflight refuses a weight the target's replicas cannot come
 * near. The target itself is never changed: the rollback takes the canary's traffic away, healthy
 * is every ready endpoint of the Service a baseline pod and all of the target's replicas ready,
 * and the drill deletes the canary when it is over.
 */
final class CanaryLever implements Lever {

  private final KubernetesClient client;
  private final String ns;
  private final String deployment;
  private final String service;
  private final String container;
  private final Change change;
  private final String drillId;
  private final String canary;
  private String knownGoodHash;
  private int baselineReplicas;
  private int canaryReplicas;
  private long generation;
  private PodTemplateSpec knownGoodTemplate;
  private Map<String, String> selector;
  private RevisionRef candidateRef;
  private long appliedAt = Long.MIN_VALUE;

  CanaryLever(KubernetesClient client, String ns, String deployment, String container, String service, Change change,
      String drillId) {
    this.client = client;
    this.ns = ns;
    this.deployment = deployment;
    this.container = container;
    this.service = service;
    this.change = change;
    this.drillId = drillId;
    this.canary = CanaryAbort.canaryName(deployment);
  }

  /** Canary pods for {@code weight} of the traffic beside {@code baseline} replicas: at least one. */
  static int canaryReplicas(double weight, int baseline) {
    return (int) Math.max(1, Math.round(weight * baseline / (1 - weight)));
  }

  /** Why {@code canary} pods beside {@code baseline} do not give about {@code weight}, or null when they do. */
  static String weightRefusal(double weight, int baseline, int canary) {
    double share = (double) canary / (baseline + canary);
    if (share <= weight * 1.5 && share >= weight / 1.5) {
      return null;
    }
    int needed = (int) Math.ceil((1 - weight) / weight - 1e-9);
    return String.format(Locale.ROOT, "the target has %d replica%s: a canary of %d pod%s beside %s takes %s of the traffic,"
        + " not %s; a %s canary of one pod needs %d replicas in the target (or make change.weight %s)", baseline,
        baseline == 1 ? "" : "s", canary, canary == 1 ? "" : "s", baseline == 1 ? "it" : "them", percent(share),
        percent(weight), percent(weight), needed, percent(share));
  }

  private static String percent(double f) {
    return Percentages.format(f, 1);
  }

  /** The share of the traffic the canary's replicas give. */
  double share() {
    return (double) canaryReplicas / (baselineReplicas + canaryReplicas);
  }

  @Override
  public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    this.knownGoodHash = knownGoodHash;
    Deployment target = watch.snapshot().deployment();
    generation = target.getMetadata().getGeneration() == null ? 0 : target.getMetadata().getGeneration();
    knownGoodTemplate = target.getSpec().getTemplate();
    selector = target.getSpec().getSelector().getMatchLabels();
    if (selector == null || selector.isEmpty() || target.getSpec().getSelector().getMatchExpressions() != null
        && !target.getSpec().getSelector().getMatchExpressions().isEmpty()) {
      throw new DrillFailure("preflight: a canary needs deployment " + deployment + " to select its pods by matchLabels"
          + " alone, got " + target.getSpec().getSelector());
    }
    Service svc = client.services().inNamespace(ns).withName(service).get();
    if (svc == null) {
      throw new DrillFailure("preflight: service " + ns + "/" + service + " not found");
    }
    Map<String, String> svcSelector = svc.getSpec().getSelector();
    Map<String, String> labels = knownGoodTemplate.getMetadata().getLabels();
    for (String key : List.of(CanaryAbort.TRACK, "pod-template-hash")) {
      if (svcSelector != null && svcSelector.containsKey(key)) {
        throw new DrillFailure("preflight: the selector of service " + service + " " + svcSelector + " names " + key
            + ", which the canary's pods carry with a value of their own: it would not reach the canary");
      }
    }
    if (svcSelector == null || svcSelector.isEmpty() || labels == null
        || !labels.entrySet().containsAll(svcSelector.entrySet())) {
      throw new DrillFailure("preflight: service " + service + " (selector " + svcSelector + ") does not select the pods"
          + " of deployment " + deployment + ", so it would not reach a canary of it either");
    }
    baselineReplicas = target.getSpec().getReplicas() == null ? 1 : target.getSpec().getReplicas();
    canaryReplicas = canaryReplicas(change.weight(), baselineReplicas);
    String refusal = weightRefusal(change.weight(), baselineReplicas, canaryReplicas);
    if (refusal != null) {
      throw new DrillFailure("preflight: change.weight " + percent(change.weight()) + ": " + refusal);
    }
    Deployment left = client.apps().deployments().inNamespace(ns).withName(canary).get();
    if (left != null) {
      throw new DrillFailure("preflight: deployment " + canary + " exists already (an earlier drill's canary, or someone"
          + " else's); delete it, or run drill recover, before drilling a canary of " + deployment);
    }
    watch.watchService(service);
    try {
      HealthGate.named("preflight: service " + service + " on the baseline", snap -> healthy(snap))
          .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
    } catch (GateException e) {
      throw new DrillFailure(e.getMessage());
    }
    return "service " + service + " selects " + svcSelector + " (" + baselineReplicas + " pods of " + deployment
        + "); the canary " + canary + " gets " + canaryReplicas + " pod" + (canaryReplicas == 1 ? "" : "s") + ": "
        + canaryReplicas + " of " + (baselineReplicas + canaryReplicas) + " endpoints, " + percent(share())
        + " of the traffic (asked " + percent(change.weight()) + ")";
  }

  @Override
  public void apply(TargetWatch watch) throws DrillFailure {
    Change asRevision = new Change(change.fault() == null ? ChangeType.NOOP : ChangeType.BROKEN, change.fault(),
        change.image(), change.env(), change.changeCause());
    PodTemplateSpec t = CandidateChange.apply(knownGoodTemplate, asRevision, container, drillId);
    Map<String, String> podLabels = new HashMap<>(t.getMetadata().getLabels());
    podLabels.put(CanaryAbort.TRACK, "canary");
    podLabels.put(CanaryAbort.CANARY_OF, deployment);
    podLabels.put(CanaryAbort.DRILL, drillId);
    t.getMetadata().setLabels(podLabels);
    Map<String, String> canarySelector = new HashMap<>(selector);
    canarySelector.put(CanaryAbort.TRACK, "canary");
    Deployment d = new DeploymentBuilder()
        .withNewMetadata().withName(canary).withNamespace(ns)
        .addToLabels(CanaryAbort.CANARY_OF, deployment).addToLabels(CanaryAbort.DRILL, drillId)
        .addToAnnotations("kubernetes.io/change-cause", change.changeCause() == null ? "rollback-drill canary of "
            + deployment : change.changeCause())
        .endMetadata()
        .withNewSpec().withReplicas(canaryReplicas).withRevisionHistoryLimit(0)
        .withNewSelector().withMatchLabels(canarySelector).endSelector()
        .withTemplate(t)
        .endSpec().build();
    try {
      client.apps().deployments().inNamespace(ns).resource(d).create();
    } catch (KubernetesClientException e) {
      throw new DrillFailure("deploy: creating the canary deployment " + canary + " was refused: " + ApiErrors.describe(e));
    }
    candidateRef = new RevisionRef(1, Rollouts.image(t, container) != null ? Rollouts.image(t, container)
        : Rollouts.image(t, null), change.changeCause());
  }

  @Override
  public String awaitApplied(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    try {
      appliedAt = HealthGate.named("deploy: canary " + canary + " live behind service " + service,
              snap -> readyCanaryEndpoints(snap) >= canaryReplicas && healthy(snap, false))
          .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
    } catch (GateException e) {
      throw new DrillFailure(e.getMessage());
    }
    return "canary " + canary + " live: " + endpoints(watch.snapshot()) + ", " + percent(share()) + " of the traffic";
  }

  @Override
  public long appliedAt() {
    return appliedAt;
  }

  @Override
  public RevisionRef candidate() {
    return candidateRef;
  }

  @Override
  public CanaryShare canaryShare() {
    return new CanaryShare(change.weight(), share(), canaryReplicas, baselineReplicas, canary + "-");
  }

  @Override
  public Tracks tracks() {
    return new Tracks(this::isCanary, p -> knownGoodHash != null && knownGoodHash.equals(Rollouts.hash(p)) && !isCanary(p));
  }

  @Override
  public ProcedureContext.ServiceSelector selector() {
    return null;
  }

  @Override
  public ProcedureContext.FlagSetting flag() {
    return null;
  }

  @Override
  public long awaitAccepted(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return HealthGate.named(Phase.ACCEPTED.recordName(), snap -> readyCanaryEndpoints(snap) == 0)
        .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
  }

  @Override
  public String acceptedDetail(TargetWatch watch) {
    return "no ready endpoint of service " + service + " is a canary pod (" + endpoints(watch.snapshot()) + ")";
  }

  @Override
  public boolean unchanged(Snapshot snap) {
    return readyCanaryEndpoints(snap) > 0;
  }

  @Override
  public long awaitHealthy(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return HealthGate.named(Phase.HEALTHY.recordName(), this::healthy)
        .failFast(snap -> snap.service() == null ? java.util.Optional.of("service " + service + " was deleted")
            : java.util.Optional.empty())
        .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
  }

  @Override
  public String healthyDetail(TargetWatch watch, long acceptedAt) {
    return "every ready endpoint of service " + service + " is a baseline pod (" + endpoints(watch.snapshot()) + ")";
  }

  @Override
  public String verify(TargetWatch watch) throws DrillFailure {
    Snapshot snap = watch.snapshot();
    Long now = snap.deployment() == null ? null : snap.deployment().getMetadata().getGeneration();
    if (now == null || now != generation) {
      throw new DrillFailure("verify: deployment " + deployment + " changed during the canary drill (generation "
          + generation + " -> " + now + "); a canary drill never changes its target");
    }
    if (!healthy(snap)) {
      throw new DrillFailure("verify: service " + service + " is not on the baseline alone (" + endpoints(snap) + ")");
    }
    return "deployment " + deployment + " untouched (generation " + generation + "); service " + service
        + " on its " + baselineReplicas + " baseline pods";
  }

  @Override
  public String restoreDescription() {
    return "the target without its canary (deleting deployment/" + canary + ")";
  }

  @Override
  public String restoredWords() {
    return "the canary was removed and the target seen healthy on its baseline";
  }

  @Override
  public String putBack() {
    String did = new KnownGoodRestore(client, ns, deployment).canary(drillId);
    return did.isEmpty() ? "no canary of this drill to remove" : did;
  }

  @Override
  public void awaitRestored(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    HealthGate.named("restore", snap -> healthy(snap) && snap.pods().stream().noneMatch(this::isCanary))
        .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
  }

  /** The canary goes after every drill, whatever its verdict: the abort only scaled it to zero. */
  @Override
  public String afterDrill(Duration budget) {
    try {
      putBack();
      // Clean-up, not a measurement: a plain poll until the pods are gone.
      long until = System.nanoTime() + budget.toNanos();
      while (!client.pods().inNamespace(ns).withLabel(CanaryAbort.DRILL, drillId).list().getItems().isEmpty()) {
        if (System.nanoTime() > until) {
          return "the canary's pods (still there after " + budget.toSeconds() + " s)";
        }
        Thread.sleep(200);
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the canary deployment " + canary + " (interrupted)";
    } catch (RuntimeException e) {
      return "the canary deployment " + canary + " (" + ApiErrors.describe(e) + ")";
    }
  }

  private boolean isCanary(Pod p) {
    Map<String, String> l = p.getMetadata().getLabels();
    return l != null && "canary".equals(l.get(CanaryAbort.TRACK)) && deployment.equals(l.get(CanaryAbort.CANARY_OF));
  }

  /** Every ready endpoint is a baseline pod, and all the target's replicas are. */
  private boolean healthy(Snapshot snap) {
    return healthy(snap, true);
  }

  private boolean healthy(Snapshot snap, boolean baselineOnly) {
    List<EndpointAddress> ready = BlueGreenLever.addresses(snap);
    Set<String> baseline = snap.livePodsOf(knownGoodHash).stream().filter(p -> !isCanary(p))
        .map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    long good = ready.stream().filter(a -> a.getTargetRef() != null && baseline.contains(a.getTargetRef().getUid())).count();
    return good >= baselineReplicas && (!baselineOnly || good == ready.size());
  }

  private long readyCanaryEndpoints(Snapshot snap) {
    Set<String> canaries = snap.pods().stream().filter(this::isCanary).map(p -> p.getMetadata().getUid())
        .collect(Collectors.toSet());
    return BlueGreenLever.addresses(snap).stream()
        .filter(a -> a.getTargetRef() != null && canaries.contains(a.getTargetRef().getUid())).count();
  }

  private String endpoints(Snapshot snap) {
    List<EndpointAddress> ready = BlueGreenLever.addresses(snap);
    long c = readyCanaryEndpoints(snap);
    return ready.size() + " ready endpoints, " + c + " of them canary";
  }
}
