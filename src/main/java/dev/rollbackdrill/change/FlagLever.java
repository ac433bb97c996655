package dev.rollbackdrill.change;

import dev.rollbackdrill.kube.ApiErrors;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.health.HealthGate.GateException;
import dev.rollbackdrill.health.ProbeStreaks;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.kube.TargetWatch.Snapshot;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.kube.ApiServerProxy;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.Change;
import dev.rollbackdrill.scenario.Durations;
import dev.rollbackdrill.scenario.HttpCheck;
import dev.rollbackdrill.timing.Ticker;
import dev.rollbackdrill.timing.Phase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A feature-flag kill switch: the change turns a flag on in a ConfigMap the target's pods mount as
 * a volume and read on every request; the rollback turns it off. Nothing restarts: the kubelet
 * syncs ConfigMap volumes into running pods (on this project's local cluster within its 10 s
 * sync period, about 11 to 15 s measured), and verify checks that every pod kept its uid and its
 * restart count. Healthy means the bad behaviour has stopped: every pod answers {@code
 * healthy.http} well, {@code consecutive} times in a row, through the API server's proxy.
 *
 * <p>Why a ConfigMap and not the demo's per-pod admin endpoint ({@code /cgi-bin/flag?off}): one
 * write reaches every pod, including pods started later, survives restarts, and is how flags are
 * usually shipped on Kubernetes; its propagation delay is real and is exactly what a kill-switch
 * drill should measure. An admin endpoint flips only the pods it is called on, and is lost when a
 * pod restarts.
 */
final class FlagLever implements Lever {

  private final KubernetesClient client;
  private final String ns;
  private final String deployment;
  private final Change.Flag change;
  private final HttpCheck check;
  private String goodValue;
  private String knownGoodHash;
  private Map<String, Integer> podRestarts = Map.of();
  private Map<String, String> podNames = Map.of();
  private final ProbeStreaks probes;

  FlagLever(KubernetesClient client, String ns, String deployment, Change.Flag change, HttpCheck check, Ticker ticker) {
    this.client = client;
    this.ns = ns;
    this.deployment = deployment;
    this.change = change;
    this.check = check;
    this.probes = check == null ? null
        : new ProbeStreaks(client, ticker, check.expectStatus(), check.consecutive(), ProbeStreaks.INTERVAL);
  }

  @Override
  public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    this.knownGoodHash = knownGoodHash;
    if (check == null) {
      throw new DrillFailure("preflight: a kill-switch drill needs healthy.http, where the risky path is probed");
    }
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(change.configMap()).get();
    if (cm == null) {
      throw new DrillFailure("preflight: configmap " + ns + "/" + change.configMap() + " not found");
    }
    goodValue = value(cm);
    if (Objects.equals(goodValue, change.value())) {
      throw new DrillFailure("preflight: flag " + change.key() + " in configmap " + change.configMap()
          + " is already '" + change.value() + "'; turning it on would change nothing");
    }
    Snapshot snap = watch.snapshot();
    String mounted = mountProblem(snap.deployment().getSpec().getTemplate().getSpec());
    if (mounted != null) {
      throw new DrillFailure("preflight: " + mounted);
    }
    List<Pod> pods = snap.livePodsOf(knownGoodHash);
    podRestarts = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getUid(), Rollouts::restarts));
    podNames = pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getUid(), p -> p.getMetadata().getName()));
    watch.watchConfigMap(change.configMap());
    return "flag " + change.key() + " is " + show(goodValue) + " in configmap " + change.configMap()
        + ", mounted by deployment " + deployment + "'s " + pods.size() + " pods";
  }

  /** Why the pods cannot see the ConfigMap change live, or null when they can. */
  String mountProblem(PodSpec spec) {
    String cm = change.configMap();
    Set<String> volumes = (spec.getVolumes() == null ? List.<Volume>of() : spec.getVolumes()).stream()
        .filter(v -> v.getConfigMap() != null && cm.equals(v.getConfigMap().getName())
            || v.getProjected() != null && v.getProjected().getSources() != null && v.getProjected().getSources().stream()
                .anyMatch(src -> src.getConfigMap() != null && cm.equals(src.getConfigMap().getName())))
        .map(Volume::getName)
        .collect(Collectors.toSet());
    if (volumes.isEmpty()) {
      return "deployment " + deployment + " does not mount configmap " + cm + " as a volume, so its pods cannot"
          + " see the flag change without a restart (environment from a ConfigMap is read only at start)";
    }
    for (Container c : spec.getContainers()) {
      for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
        if (volumes.contains(m.getName()) && m.getSubPath() != null && !m.getSubPath().isEmpty()) {
          return "container " + c.getName() + " mounts configmap " + cm + " with subPath " + m.getSubPath()
              + ", which the kubelet never updates; a kill switch needs the whole volume mounted";
        }
      }
    }
    return null;
  }

  private String value(ConfigMap cm) {
    return cm == null || cm.getData() == null ? null : cm.getData().get(change.key());
  }

  private static String show(String v) {
    return v == null ? "absent" : "'" + v + "'";
  }

  @Override
  public void apply(TargetWatch watch) throws DrillFailure {
    ConfigMap cm = watch.snapshot().configMap();
    ObjectNode patch = Serialization.jsonMapper().createObjectNode();
    patch.putObject("metadata").put("resourceVersion", cm.getMetadata().getResourceVersion());
    patch.putObject("data").put(change.key(), change.value());
    try {
      client.configMaps().inNamespace(ns).withName(change.configMap())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      throw new DrillFailure("deploy: setting " + change.key() + " in configmap " + change.configMap()
          + " was refused: " + ApiErrors.describe(e));
    }
  }

  @Override
  public String awaitApplied(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    try {
      HealthGate.named("deploy: flag " + change.key() + " on", snap -> change.value().equals(value(snap.configMap())))
          .await(watch, timeout, describe);
    } catch (GateException e) {
      throw new DrillFailure(e.getMessage());
    }
    return "flag " + change.key() + " set to '" + change.value() + "' in configmap " + change.configMap()
        + "; pods see it at the kubelet's next sync";
  }

  @Override
  public RevisionRef candidate() {
    return null;
  }

  @Override
  public ProcedureContext.ServiceSelector selector() {
    return null;
  }

  @Override
  public ProcedureContext.FlagSetting flag() {
    return new ProcedureContext.FlagSetting(change.configMap(), change.key(), goodValue, change.value());
  }

  @Override
  public long awaitAccepted(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return HealthGate.named(Phase.ACCEPTED.recordName(), snap -> snap.configMap() != null
            && Objects.equals(goodValue, value(snap.configMap())))
        .failFast(snap -> snap.configMap() == null
            ? Optional.of("configmap " + change.configMap() + " was deleted") : Optional.empty())
        .await(watch, timeout, describe.andThen(d -> d + "; " + change.key() + "=" + show(value(watch.snapshot().configMap()))));
  }

  @Override
  public String acceptedDetail(TargetWatch watch) {
    return "configmap " + change.configMap() + " has " + change.key() + " " + show(value(watch.snapshot().configMap()))
        + " again";
  }

  @Override
  public boolean unchanged(Snapshot snap) {
    return change.value().equals(value(snap.configMap()));
  }

  @Override
  public long awaitHealthy(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return probes.await(Phase.HEALTHY.recordName(), urls(watch.snapshot()), timeout);
  }

  /** What to probe: the Service named in healthy.http, else every live pod of the target. */
  private Map<String, String> urls(Snapshot snap) {
    return ApiServerProxy.checkUrls(client, ns, check, snap.livePodsOf(knownGoodHash));
  }

  @Override
  public String healthyDetail(TargetWatch watch, long acceptedAt) {
    String each = probes.streakStarts().entrySet().stream()
        .map(e -> e.getKey() + " after " + Durations.format(Duration.ofNanos(Math.max(0, e.getValue() - acceptedAt))))
        .collect(Collectors.joining(", "));
    return "risky path off (" + check.path() + " answers " + check.expectStatus() + " " + check.consecutive()
        + " times in a row): " + each;
  }

  @Override
  public String verify(TargetWatch watch) throws DrillFailure {
    Snapshot snap = watch.snapshot();
    if (!Objects.equals(goodValue, value(snap.configMap()))) {
      throw new DrillFailure("verify: flag " + change.key() + " is " + show(value(snap.configMap())) + ", not back to "
          + show(goodValue));
    }
    Map<String, Integer> now = snap.livePodsOf(knownGoodHash).stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getUid(), Rollouts::restarts));
    if (!now.equals(podRestarts)) {
      String before = podRestarts.entrySet().stream()
          .map(e -> podNames.get(e.getKey()) + " restarts=" + e.getValue()).collect(Collectors.joining(", "));
      String after = snap.livePodsOf(knownGoodHash).stream()
          .map(p -> p.getMetadata().getName() + " restarts=" + Rollouts.restarts(p)).collect(Collectors.joining(", "));
      throw new DrillFailure("verify: a kill switch works without restarts, but pods were restarted or replaced"
          + " (before: " + before + "; after: " + after + ")");
    }
    return "restored template verified; no pod restarted or replaced (" + now.size() + " pods, same uids and restart counts)";
  }

  @Override
  public String restoreDescription() {
    return "flag " + change.key() + " to its known-good value";
  }

  @Override
  public String putBack() throws ProcedureException, KnownGoodRestore.Gone {
    return new KnownGoodRestore(client, ns, deployment).flag(flag());
  }

  @Override
  public boolean probesHttpItself() {
    return true;
  }

  @Override
  public void awaitRestored(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    probes.await("restore", urls(watch.snapshot()), timeout);
  }
}
