package dev.rollbackdrill.kube;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Facts about a Deployment's rollout, read the way {@code kubectl} reads them: ReplicaSets are
 * the Deployment's only when it is their controlling owner (by uid, not by labels), revisions
 * come from the {@code deployment.kubernetes.io/revision} annotation, and "complete" is {@code
 * kubectl rollout status}'s definition.
 */
public final class Rollouts {

  public static final String REVISION = "deployment.kubernetes.io/revision";
  public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
  public static final String HASH_LABEL = "pod-template-hash";

  private Rollouts() {}

  /** The ReplicaSets {@code d} controls, newest revision first. */
  public static List<ReplicaSet> owned(Deployment d, List<ReplicaSet> all) {
    String uid = d.getMetadata().getUid();
    return all.stream()
        .filter(rs -> controlledBy(rs.getMetadata().getOwnerReferences(), uid))
        .sorted(Comparator.comparingLong((ReplicaSet rs) -> revision(rs)).reversed())
        .toList();
  }

  private static boolean controlledBy(List<OwnerReference> refs, String uid) {
    if (refs == null) {
      return false;
    }
    return refs.stream()
        .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && Objects.equals(r.getUid(), uid));
  }

  public static long revision(ReplicaSet rs) {
    return parseRevision(annotation(rs.getMetadata().getAnnotations(), REVISION));
  }

  public static long revision(Deployment d) {
    return parseRevision(annotation(d.getMetadata().getAnnotations(), REVISION));
  }

  private static long parseRevision(String s) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String annotation(Map<String, String> annotations, String key) {
    return annotations == null ? null : annotations.get(key);
  }

  public static String changeCause(ReplicaSet rs) {
    return annotation(rs.getMetadata().getAnnotations(), CHANGE_CAUSE);
  }

  public static String hash(ReplicaSet rs) {
    Map<String, String> labels = rs.getMetadata().getLabels();
    return labels == null ? null : labels.get(HASH_LABEL);
  }

  public static String hash(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(HASH_LABEL);
  }

  /** The ReplicaSet of the Deployment's current revision, if the controller has made it. */
  public static Optional<ReplicaSet> current(Deployment d, List<ReplicaSet> all) {
    long rev = revision(d);
    return owned(d, all).stream().filter(rs -> revision(rs) == rev && rev > 0).findFirst();
  }

  public static Optional<ReplicaSet> byRevision(Deployment d, List<ReplicaSet> all, long rev) {
    return owned(d, all).stream().filter(rs -> revision(rs) == rev).findFirst();
  }

  /** Image of the named container, or of the first one when {@code container} is null. */
  public static String image(PodTemplateSpec t, String container) {
    return t.getSpec().getContainers().stream()
        .filter(c -> container == null || container.equals(c.getName()))
        .findFirst()
        .map(c -> c.getImage())
        .orElse(null);
  }

  /** The RS's template as a Deployment template: without the controller's hash label. */
  public static PodTemplateSpec templateOf(ReplicaSet rs) {
    PodTemplateSpec t =
        new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(rs.getSpec().getTemplate())
            .build();
    if (t.getMetadata() != null && t.getMetadata().getLabels() != null) {
      Map<String, String> labels = new HashMap<>(t.getMetadata().getLabels());
      labels.remove(HASH_LABEL);
      t.getMetadata().setLabels(labels);
    }
    return t;
  }

  /** The controller has seen the Deployment's latest spec. */
  public static boolean observed(Deployment d) {
    DeploymentStatus s = d.getStatus();
    return s != null
        && s.getObservedGeneration() != null
        && d.getMetadata().getGeneration() != null
        && s.getObservedGeneration() >= d.getMetadata().getGeneration();
  }

  /** {@code kubectl rollout status}'s "successfully rolled out". */
  public static boolean complete(Deployment d) {
    if (!observed(d)) {
      return false;
    }
    DeploymentStatus s = d.getStatus();
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = nz(s.getUpdatedReplicas());
    int replicas = nz(s.getReplicas());
    int available = nz(s.getAvailableReplicas());
    return updated >= desired && replicas <= updated && available >= updated;
  }

  /** Why the rollout is not complete, in kubectl's words; empty when it is. */
  public static String waitingFor(Deployment d) {
    if (!observed(d)) {
      return "waiting for the controller to observe the new spec";
    }
    DeploymentStatus s = d.getStatus();
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    if (nz(s.getUpdatedReplicas()) < desired) {
      return nz(s.getUpdatedReplicas()) + " of " + desired + " updated replicas";
    }
    if (nz(s.getReplicas()) > nz(s.getUpdatedReplicas())) {
      return (nz(s.getReplicas()) - nz(s.getUpdatedReplicas())) + " old replicas pending termination";
    }
    if (nz(s.getAvailableReplicas()) < nz(s.getUpdatedReplicas())) {
      return nz(s.getAvailableReplicas()) + " of " + nz(s.getUpdatedReplicas()) + " updated replicas available";
    }
    return "";
  }

  /** The rollout exceeded its progress deadline. */
  public static boolean stalled(Deployment d) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return false;
    }
    for (DeploymentCondition c : d.getStatus().getConditions()) {
      if ("Progressing".equals(c.getType())
          && "False".equals(c.getStatus())
          && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return true;
      }
    }
    return false;
  }

  public static boolean terminating(Pod p) {
    return p.getMetadata().getDeletionTimestamp() != null;
  }

  public static boolean ready(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return false;
    }
    return p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Highest restart count among the pod's containers. */
  public static int restarts(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return p.getStatus().getContainerStatuses().stream()
        .mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount())
        .max()
        .orElse(0);
  }

  /** A waiting reason of the pod's containers (CrashLoopBackOff, ErrImageNeverPull, ...), or null. */
  public static String waitingReason(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
      return null;
    }
    return p.getStatus().getContainerStatuses().stream()
        .filter(cs -> cs.getState() != null && cs.getState().getWaiting() != null)
        .map(cs -> cs.getState().getWaiting().getReason())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
