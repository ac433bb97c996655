package dev.rollbackdrill.chaos;

import dev.rollbackdrill.cluster.ClusterFaults;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * What an injection may act on: the drill's client and namespace, its id (for {@link
 * Injection#LABEL}), and the target's live pods of its known-good or its candidate template, as the
 * drill's watch sees them now (empty before there is a candidate), and its Deployment as the watch
 * sees it now; and the faults below the API its cluster's provider can cause (empty for most).
 */
public interface ChaosTarget {
  KubernetesClient client();

  String namespace();

  String drillId();

  /** The target's container, as the scenario names it. */
  String container();

  List<Pod> livePods(boolean candidate);

  Deployment deployment();

  Optional<ClusterFaults> faults();
}
