package dev.rollbackdrill.change;

import dev.rollbackdrill.kube.ApiErrors;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.kube.TargetWatch.Snapshot;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.Change;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A blue-green switch: the target Deployment is the colour its Service selects now (the
 * known-good); the change points the Service's selector at the other colour, and the rollback
 * points it back. Healthy means every ready endpoint of the Service (its Endpoints object, watched)
 * is a pod of the known-good Deployment again; the other colour keeps running throughout, as it
 * would in production.
 */
final class BlueGreenLever implements Lever {

  private final KubernetesClient client;
  private final String ns;
  private final String deployment;
  private final String service;
  private final String container;
  private final Change.Switch change;
  private String goodColour;
  private String candidateDeployment;
  private RevisionRef candidateRef;
  private String knownGoodHash;

  BlueGreenLever(KubernetesClient client, String ns, String deployment, String container, String service,
      Change.Switch change) {
    this.client = client;
    this.ns = ns;
    this.deployment = deployment;
    this.container = container;
    this.service = service;
    this.change = change;
  }

  @Override
  public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    this.knownGoodHash = knownGoodHash;
    Service svc = client.services().inNamespace(ns).withName(service).get();
    if (svc == null) {
      throw new DrillFailure("preflight: service " + ns + "/" + service + " not found");
    }
    Map<String, String> selector = svc.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      throw new DrillFailure("preflight: service " + service + " has no selector to switch");
    }
    goodColour = selector.get(change.label());
    if (goodColour == null) {
      throw new DrillFailure("preflight: the selector of service " + service + " " + selector + " has no label '"
          + change.label() + "'; a blue-green switch changes the label that names the colour");
    }
    if (goodColour.equals(change.to())) {
      throw new DrillFailure("preflight: service " + service + " already selects " + change.label() + "="
          + change.to() + "; switching to it would change nothing");
    }
    Deployment target = watch.snapshot().deployment();
    if (!selects(selector, target)) {
      throw new DrillFailure("preflight: service " + service + " (selector " + selector + ") does not select the pods"
          + " of deployment " + deployment + "; target.deployment must be the colour the service selects now");
    }
    Map<String, String> candidateSelector = new HashMap<>(selector);
    candidateSelector.put(change.label(), change.to());
    List<Deployment> candidates = client.apps().deployments().inNamespace(ns).list().getItems().stream()
        .filter(d -> selects(candidateSelector, d))
        .toList();
    if (candidates.size() != 1) {
      throw new DrillFailure("preflight: " + (candidates.isEmpty() ? "no deployment" : "more than one deployment ("
              + candidates.stream().map(d -> d.getMetadata().getName()).collect(Collectors.joining(", ")) + ")")
          + " in " + ns + " has pods the switched selector " + candidateSelector + " would select; a blue-green"
          + " switch needs exactly one");
    }
    Deployment c = candidates.get(0);
    candidateDeployment = c.getMetadata().getName();
    List<ReplicaSet> rss = client.apps().replicaSets().inNamespace(ns).list().getItems();
    Optional<ReplicaSet> rs = Rollouts.current(c, rss);
    candidateRef = rs.map(r -> new RevisionRef(Rollouts.revision(r), image(r), Rollouts.changeCause(r)))
        .orElse(new RevisionRef(Rollouts.revision(c), null, null));
    watch.watchService(service);
    try {
      HealthGate.named("preflight: service " + service + " on the known-good colour", this::onKnownGood)
          .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
    } catch (GateException e) {
      throw new DrillFailure(e.getMessage());
    }
    return "service " + service + " selects " + change.label() + "=" + goodColour + " (deployment " + deployment
        + ", " + addresses(watch.snapshot()).size() + " endpoints); the switch goes to " + change.label() + "="
        + change.to() + " (deployment " + candidateDeployment + ", revision " + candidateRef.revision()
        + (candidateRef.image() == null ? "" : ", " + candidateRef.image()) + ")";
  }

  private String image(ReplicaSet rs) {
    String i = Rollouts.image(rs.getSpec().getTemplate(), container);
    return i != null ? i : Rollouts.image(rs.getSpec().getTemplate(), null);
  }

  private static boolean selects(Map<String, String> selector, Deployment d) {
    Map<String, String> labels = d == null || d.getSpec().getTemplate().getMetadata() == null
        ? null : d.getSpec().getTemplate().getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  @Override
  public void apply(TargetWatch watch) throws DrillFailure {
    Service svc = watch.snapshot().service();
    ArrayNode patch = Serialization.jsonMapper().createArrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
        .put("value", svc.getMetadata().getResourceVersion());
    patch.addObject().put("op", "replace")
        .put("path", "/spec/selector/" + change.label().replace("~", "~0").replace("/", "~1"))
        .put("value", change.to());
    try {
      client.services().inNamespace(ns).withName(service).patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      throw new DrillFailure("deploy: switching service " + service + " to " + change.label() + "=" + change.to()
          + " was refused: " + ApiErrors.describe(e));
    }
  }

  @Override
  public String awaitApplied(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    try {
      HealthGate.named("deploy: service " + service + " switched to " + change.to(),
              snap -> colour(snap).map(change.to()::equals).orElse(false) && goodAddresses(snap).isEmpty())
          .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
    } catch (GateException e) {
      throw new DrillFailure(e.getMessage());
    }
    return "service " + service + " switched to " + change.label() + "=" + change.to() + ": traffic on deployment "
        + candidateDeployment + " (" + endpoints(watch.snapshot()) + ")";
  }

  @Override
  public RevisionRef candidate() {
    return candidateRef;
  }

  @Override
  public ProcedureContext.ServiceSelector selector() {
    return new ProcedureContext.ServiceSelector(service, change.label(), goodColour, change.to());
  }

  @Override
  public ProcedureContext.FlagSetting flag() {
    return null;
  }

  @Override
  public long awaitAccepted(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return HealthGate.named(Phase.ACCEPTED.recordName(), snap -> colour(snap).map(goodColour::equals).orElse(false))
        .failFast(this::gone)
        .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
  }

  @Override
  public String acceptedDetail(TargetWatch watch) {
    return "service " + service + " selects " + change.label() + "=" + colour(watch.snapshot()).orElse("?") + " again";
  }

  @Override
  public boolean unchanged(Snapshot snap) {
    return colour(snap).map(change.to()::equals).orElse(false);
  }

  @Override
  public long awaitHealthy(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return HealthGate.named(Phase.HEALTHY.recordName(), this::onKnownGood)
        .failFast(snap -> gone(snap).or(() -> colour(snap)
            .filter(c -> !c.equals(goodColour) && !c.equals(change.to()))
            .map(c -> "service " + service + " was switched to " + change.label() + "=" + c
                + ", neither the known-good nor the candidate colour")))
        .await(watch, timeout, describe.andThen(d -> d + "; " + endpoints(watch.snapshot())));
  }

  @Override
  public String healthyDetail(TargetWatch watch, long acceptedAt) {
    return "every ready endpoint of service " + service + " is a pod of " + deployment + " ("
        + endpoints(watch.snapshot()) + ")";
  }

  @Override
  public String verify(TargetWatch watch) throws DrillFailure {
    Snapshot snap = watch.snapshot();
    if (!onKnownGood(snap)) {
      throw new DrillFailure("verify: service " + service + " is not back on " + change.label() + "=" + goodColour
          + " (" + endpoints(snap) + ")");
    }
    return "restored template verified; service " + service + " on " + change.label() + "=" + goodColour;
  }

  @Override
  public String restoreDescription() {
    return "service/" + service + " to its known-good colour";
  }

  @Override
  public String putBack() throws ProcedureException, KnownGoodRestore.Gone {
    return new KnownGoodRestore(client, ns, deployment).selector(selector());
  }

  @Override
  public void awaitRestored(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    HealthGate.named("restore", this::onKnownGood).await(watch, timeout, describe.andThen(d -> d + "; "
        + endpoints(watch.snapshot())));
  }

  /** The service selects the known-good colour and every ready endpoint is a known-good pod. */
  boolean onKnownGood(Snapshot snap) {
    if (!colour(snap).map(goodColour::equals).orElse(false)) {
      return false;
    }
    List<EndpointAddress> ready = addresses(snap);
    Set<String> good = goodPods(snap);
    return !ready.isEmpty() && ready.stream().allMatch(a -> a.getTargetRef() != null && good.contains(a.getTargetRef().getUid()));
  }

  private Optional<String> gone(Snapshot snap) {
    return snap.service() == null ? Optional.of("service " + service + " was deleted") : Optional.empty();
  }

  private Optional<String> colour(Snapshot snap) {
    return Optional.ofNullable(snap.service())
        .map(s -> s.getSpec().getSelector())
        .map(sel -> sel.get(change.label()));
  }

  private Set<String> goodPods(Snapshot snap) {
    return snap.livePodsOf(knownGoodHash).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  private List<EndpointAddress> goodAddresses(Snapshot snap) {
    Set<String> good = goodPods(snap);
    return addresses(snap).stream()
        .filter(a -> a.getTargetRef() != null && good.contains(a.getTargetRef().getUid()))
        .toList();
  }

  /** The ready addresses of the service's Endpoints. */
  static List<EndpointAddress> addresses(Snapshot snap) {
    List<EndpointAddress> out = new ArrayList<>();
    if (snap.endpoints() != null && snap.endpoints().getSubsets() != null) {
      for (EndpointSubset s : snap.endpoints().getSubsets()) {
        if (s.getAddresses() != null) {
          out.addAll(s.getAddresses());
        }
      }
    }
    return out;
  }

  /** The ready endpoints by pod, marking which colour each is; for progress and failures. */
  private String endpoints(Snapshot snap) {
    Set<String> good = goodPods(snap);
    List<EndpointAddress> ready = addresses(snap);
    if (ready.isEmpty()) {
      return "no ready endpoints";
    }
    long g = ready.stream().filter(a -> a.getTargetRef() != null && good.contains(a.getTargetRef().getUid())).count();
    return ready.size() + " ready endpoints, " + g + " of them " + goodColour;
  }
}
