package dev.rollbackdrill.chaos;

import dev.rollbackdrill.chaos.Injection.ChaosException;
import dev.rollbackdrill.scenario.Chaos;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * Which live pods a kill takes: {@code pods} (or a {@code share}, at least one) of the known-good
 * or the candidate template's live pods, oldest first and by name for a tie, so the same pods
 * whatever order the watch lists them in. Shared by {@link PodKill} and {@link ContainerKill}.
 */
record Victims(List<Pod> pods, int live, String whose) {

  static Victims of(Chaos spec, ChaosTarget target) throws ChaosException {
    return of(spec, target.livePods(spec.ofCandidate()));
  }

  /** The victims among {@code pods}, the live pods of the template the spec names. */
  static Victims of(Chaos spec, List<Pod> pods) throws ChaosException {
    List<Pod> live = pods.stream()
        .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata()
            .getName()))
        .toList();
    String whose = spec.ofCandidate() ? "the candidate's" : "known-good";
    if (live.isEmpty()) {
      throw new ChaosException(spec.kind().yamlName() + ": no live " + whose + " pod to kill");
    }
    int n = spec.share() != null ? (int) Math.max(1, Math.round(spec.share() * live.size())) : Math.min(spec.pods(),
        live.size());
    return new Victims(live.subList(0, n), live.size(), whose);
  }
}
