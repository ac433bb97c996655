package dev.rollbackdrill.kube;

import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A live view of one Deployment, its ReplicaSets and its pods, fed by informers (watch events),
 * and, when asked, of a Service with its Endpoints (blue-green drills) and a ConfigMap (feature
 * flags).
 * Every event is stamped with the monotonic time it arrived and offered to every {@link Listener}
 * (the open health gates), so a gate knows the exact event at which its condition became true.
 * Waiting only notices that; it never sets the measured time.
 */
public final class TargetWatch implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private final Map<String, String> selector;
  private final Ticker ticker;

  private final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private Deployment current;
  private Service service;
  private Endpoints endpoints;
  private ConfigMap configMap;
  private long lastEventNanos;

  private final List<Listener> gates = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  /**
   * @param selector the Deployment's pod selector labels, to watch only its pods and ReplicaSets
   */
  public TargetWatch(
      KubernetesClient client,
      String namespace,
      String deployment,
      Map<String, String> selector,
      Ticker ticker) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
    this.selector = selector;
    this.ticker = ticker;
  }

  /**
   * Starts the informers and returns once each has listed its initial state (and handled it: the
   * first snapshot has it). The three list side by side, each on its own round trip.
   */
  public TargetWatch start() {
    SideBySide.allUnchecked("watch", List.<SideBySide.Call<Void>>of(
        () -> keep(client.apps().deployments().inNamespace(namespace).withName(deployment).inform(handler(
            d -> current = d, d -> current = null))),
        () -> keep(client.apps().replicaSets().inNamespace(namespace).withLabels(selector).inform(handler(
            rs -> replicaSets.put(rs.getMetadata().getUid(), rs),
            rs -> replicaSets.remove(rs.getMetadata().getUid())))),
        () -> keep(client.pods().inNamespace(namespace).withLabels(selector).inform(handler(
            p -> pods.put(p.getMetadata().getUid(), p), p -> pods.remove(p.getMetadata().getUid()))))));
    return this;
  }

  /** Keeps a started informer for {@link #close}, even when another failed to start beside it. */
  private Void keep(SharedIndexInformer<?> informer) {
    synchronized (informers) {
      informers.add(informer);
    }
    return null;
  }

  /** Also watches Service {@code name} and its Endpoints; returns once both are listed. */
  public TargetWatch watchService(String name) {
    keep(
        client.services().inNamespace(namespace).withName(name).inform(handler(
            s -> service = s, s -> service = null)));
    keep(
        client.endpoints().inNamespace(namespace).withName(name).inform(handler(
            e -> endpoints = e, e -> endpoints = null)));
    return this;
  }

  /** Also watches ConfigMap {@code name}; returns once it is listed. */
  public TargetWatch watchConfigMap(String name) {
    keep(
        client.configMaps().inNamespace(namespace).withName(name).inform(handler(
            c -> configMap = c, c -> configMap = null)));
    return this;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        event(() -> upsert.accept(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        event(() -> upsert.accept(newObj));
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        event(() -> delete.accept(obj));
      }
    };
  }

  private void event(Runnable change) {
    // Stamp first: the time an event arrived is the measurement, not when we got the lock.
    long at = ticker.nanos();
    Snapshot snap;
    synchronized (this) {
      change.run();
      lastEventNanos = at;
      snap = snapshotLocked(at);
    }
    for (Listener g : gates) {
      g.offer(snap, at);
    }
  }

  /** The state as of the last event. */
  public synchronized Snapshot snapshot() {
    return snapshotLocked(lastEventNanos);
  }

  private Snapshot snapshotLocked(long at) {
    return new Snapshot(current, List.copyOf(replicaSets.values()), List.copyOf(pods.values()), at, service,
        endpoints, configMap);
  }

  public Ticker ticker() {
    return ticker;
  }

  /** Told of every event's snapshot with the event's arrival time, on the watch's own thread (a health gate). */
  public interface Listener {
    void offer(Snapshot snapshot, long arrivalNanos);
  }

  /** From now on, {@code listener} is told of every event. */
  public void register(Listener listener) {
    gates.add(listener);
  }

  public void unregister(Listener listener) {
    gates.remove(listener);
  }

  @Override
  public void close() {
    List<SharedIndexInformer<?>> started;
    synchronized (informers) {
      started = List.copyOf(informers);
      informers.clear();
    }
    for (SharedIndexInformer<?> i : started) {
      try {
        i.close();
      } catch (RuntimeException e) {
        // closing is best effort; the client is closed by its owner
      }
    }
  }

  /**
   * An immutable view of the target at one event. {@code service}, {@code endpoints} and {@code
   * configMap} are null unless watched (and while they do not exist).
   */
  public record Snapshot(
      Deployment deployment,
      List<ReplicaSet> replicaSets,
      List<Pod> pods,
      long atNanos,
      Service service,
      Endpoints endpoints,
      ConfigMap configMap) {

    /** Pods of the ReplicaSet with {@code hash} that are not already on their way out. */
    public List<Pod> livePodsOf(String hash) {
      return pods.stream()
          .filter(p -> hash != null && hash.equals(Rollouts.hash(p)) && !Rollouts.terminating(p))
          .toList();
    }

    /** One line for progress and failure messages: the revision, its rollout, and each live pod. */
    public String describe() {
      if (deployment == null) {
        return "deployment not found";
      }
      StringBuilder b = new StringBuilder("revision ").append(Rollouts.revision(deployment));
      String waiting = Rollouts.waitingFor(deployment);
      b.append(waiting.isEmpty() ? ", rollout complete" : ", " + waiting);
      for (Pod p : pods) {
        if (Rollouts.terminating(p)) {
          continue;
        }
        String reason = Rollouts.waitingReason(p);
        b.append("; ").append(p.getMetadata().getName()).append(Rollouts.ready(p) ? " ready" : " not ready");
        if (reason != null) {
          b.append(" (").append(reason).append(')');
        }
        if (Rollouts.restarts(p) > 0) {
          b.append(" restarts=").append(Rollouts.restarts(p));
        }
      }
      return b.toString();
    }
  }
}
