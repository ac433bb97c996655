package dev.rollbackdrill.guard;

import static dev.rollbackdrill.kube.Rollouts.REVISION;

import dev.rollbackdrill.change.CandidateChange;
import dev.rollbackdrill.kube.Rollouts;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Deployment's rollout history as the team left it, taken in preflight, and the means to put it
 * back after the drill, so that the team's own {@code kubectl rollout undo} goes where it went
 * before. A drill's undo makes the known-good ReplicaSet the newest revision and leaves the
 * candidate behind it as the "previous" one; the controller also copies the Deployment's
 * annotations onto whichever ReplicaSet becomes current, and with a small {@code
 * revisionHistoryLimit} it deletes the team's oldest revisions while the drill runs. So: the
 * limit is raised for the drill (when it would make the controller delete one of these
 * ReplicaSets) and put back after; afterwards the drill's own ReplicaSets (their pod template
 * carries the drill's id) are deleted, and every remaining ReplicaSet's annotations, revision
 * number included, and the Deployment's annotations are set back to what they were. The
 * controller then agrees: with the candidate gone, the known-good's old revision number is again
 * the newest.
 */
public record RolloutHistory(
    Integer revisionHistoryLimit, Map<String, String> deploymentAnnotations, List<Entry> replicaSets) {

  /** One ReplicaSet of the history: who it is and its annotations (revision, change-cause, ...). */
  public record Entry(String name, String uid, long revision, Map<String, String> annotations) {}

  /** The controller's default {@code revisionHistoryLimit}. */
  static final int DEFAULT_LIMIT = 10;

  /** The history of {@code d} now ({@code all}: the namespace's ReplicaSets), without any drill bookkeeping. */
  public static RolloutHistory of(Deployment d, List<ReplicaSet> all) {
    List<Entry> entries = new ArrayList<>();
    for (ReplicaSet rs : Rollouts.owned(d, all)) {
      entries.add(new Entry(rs.getMetadata().getName(), rs.getMetadata().getUid(), Rollouts.revision(rs),
          withoutDrillKeys(rs.getMetadata().getAnnotations())));
    }
    return new RolloutHistory(d.getSpec().getRevisionHistoryLimit(), withoutDrillKeys(d.getMetadata().getAnnotations()),
        entries);
  }

  /**
   * The {@code revisionHistoryLimit} the drill needs so that the controller deletes none of these
   * ReplicaSets while it runs (the candidate and a roll-forward's fix become old revisions too),
   * or null when the team's own limit already keeps them all.
   */
  public Integer limitForDrill() {
    int limit = revisionHistoryLimit == null ? DEFAULT_LIMIT : revisionHistoryLimit;
    // Every ReplicaSet now, the candidate and a fix: all but the current one are old.
    int needed = replicaSets.size() + 1;
    return limit >= needed ? null : needed;
  }

  /** Raises the Deployment's {@code revisionHistoryLimit} for the drill when {@link #limitForDrill} says so. */
  public String raiseLimit(KubernetesClient client, String ns, String name) {
    Integer raised = limitForDrill();
    if (raised == null) {
      return null;
    }
    client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"revisionHistoryLimit\":" + raised + "}}");
    return "revisionHistoryLimit raised from " + revisionHistoryLimit + " to " + raised
        + " for the drill, so the controller deletes none of the " + replicaSets.size() + " retained revisions";
  }

  /** Whether {@code rs} was made by the drill {@code drillId}: its pod template carries the drill's id. */
  static boolean madeBy(ReplicaSet rs, String drillId) {
    Map<String, String> a = rs.getSpec().getTemplate().getMetadata() == null ? null
        : rs.getSpec().getTemplate().getMetadata().getAnnotations();
    return drillId != null && a != null && drillId.equals(a.get(CandidateChange.NOOP_ANNOTATION));
  }

  /**
   * One attempt to put the history back, once the target runs its known-good template again:
   * deletes the drill's scaled-down ReplicaSets, then sets the Deployment's annotations and limit
   * and each ReplicaSet's annotations back. Returns what it did (empty when nothing needed it).
   * Merge patches of annotations only: nothing else of any object changes.
   */
  public List<String> putBack(KubernetesClient client, String ns, String name, String drillId) {
    List<String> done = new ArrayList<>();
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null) {
      return done;
    }
    List<ReplicaSet> owned = Rollouts.owned(d, client.apps().replicaSets().inNamespace(ns).list().getItems());
    Set<String> known = new HashSet<>();
    replicaSets.forEach(e -> known.add(e.uid()));
    for (ReplicaSet rs : owned) {
      if (!known.contains(rs.getMetadata().getUid()) && madeBy(rs, drillId) && scaledDown(rs)) {
        client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName()).delete();
        done.add("removed the drill's revision " + Rollouts.revision(rs));
      }
    }
    // The Deployment's revision is the controller's to set, from its current ReplicaSet's.
    Map<String, Object> annotations = annotationPatch(d.getMetadata().getAnnotations(), deploymentAnnotations, REVISION);
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!Objects.equals(d.getSpec().getRevisionHistoryLimit(), revisionHistoryLimit) && revisionHistoryLimit != null) {
      spec.put("revisionHistoryLimit", revisionHistoryLimit);
      done.add("revisionHistoryLimit back to " + revisionHistoryLimit);
    }
    if (!annotations.isEmpty() || !spec.isEmpty()) {
      Map<String, Object> patch = new LinkedHashMap<>();
      if (!annotations.isEmpty()) {
        patch.put("metadata", Map.of("annotations", annotations));
        done.add("deployment annotations as found");
      }
      if (!spec.isEmpty()) {
        patch.put("spec", spec);
      }
      client.apps().deployments().inNamespace(ns).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    }
    for (Entry e : replicaSets) {
      owned.stream().filter(rs -> e.uid().equals(rs.getMetadata().getUid())).findFirst().ifPresent(rs -> {
        Map<String, Object> p = annotationPatch(rs.getMetadata().getAnnotations(), e.annotations(), null);
        if (!p.isEmpty()) {
          client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName())
              .patch(PatchContext.of(PatchType.JSON_MERGE),
                  Serialization.asJson(Map.of("metadata", Map.of("annotations", p))));
          done.add("revision " + e.revision() + "'s annotations as found"
              + (Rollouts.revision(rs) != e.revision() ? " (it had become revision " + Rollouts.revision(rs) + ")" : ""));
        }
      });
    }
    return done;
  }

  /**
   * Puts the history back ({@link #putBack}) until it reads as found, or {@code timeout} is spent:
   * the controller may still see the drill's ReplicaSet for a moment and renumber the known-good
   * once more, which the next attempt undoes. Returns null when the history is as found, else what
   * still differs. {@code done} collects what was done.
   *
   * <p>As found means the controller has caught up: the Deployment's revision is the controller's
   * to write, from the ReplicaSet it sees as current, and the drill never sets it. So once it reads
   * the revision found, the controller has seen the known-good's own number again, after the
   * drill's ReplicaSet was gone from its view (its events come in order); a later sync sees no
   * less. The history is read every {@link #SETTLE_POLL} and put back again only after {@link
   * #SETTLE_PATIENCE} without agreeing.
   */
  public String putBackAndSettle(KubernetesClient client, String ns, String name, String drillId,
      java.time.Duration timeout, java.util.function.LongSupplier nanos, List<String> done) throws InterruptedException {
    long giveUp = nanos.getAsLong() + timeout.toNanos();
    List<String> diff;
    while (true) {
      for (String d : putBack(client, ns, name, drillId)) {
        if (!done.contains(d)) {
          done.add(d);
        }
      }
      long again = nanos.getAsLong() + SETTLE_PATIENCE.toNanos();
      do {
        Thread.sleep(SETTLE_POLL.toMillis());
        diff = differences(client.apps().deployments().inNamespace(ns).withName(name).get(),
            client.apps().replicaSets().inNamespace(ns).list().getItems());
        if (diff.isEmpty()) {
          return null;
        }
        if (nanos.getAsLong() > giveUp) {
          return "the rollout history is not as the drill found it: " + String.join("; ", diff);
        }
      } while (nanos.getAsLong() < again);
    }
  }

  /** How often the history is read while the controller catches up with its put-back. */
  static final java.time.Duration SETTLE_POLL = java.time.Duration.ofMillis(40);

  /** How long the controller may take to agree before the history is put back once more. */
  static final java.time.Duration SETTLE_PATIENCE = java.time.Duration.ofSeconds(1);

  private static boolean scaledDown(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null || rs.getSpec().getReplicas() == 0;
  }

  /**
   * How the history differs from the one taken, in words; empty when it is as found. The drill's
   * own ReplicaSets count as a difference until they are deleted; so does a ReplicaSet of the
   * team's that is gone.
   */
  public List<String> differences(Deployment d, List<ReplicaSet> all) {
    List<String> diff = new ArrayList<>();
    if (d == null) {
      diff.add("the deployment is gone");
      return diff;
    }
    List<ReplicaSet> owned = Rollouts.owned(d, all);
    Map<String, ReplicaSet> byUid = new LinkedHashMap<>();
    owned.forEach(rs -> byUid.put(rs.getMetadata().getUid(), rs));
    for (Entry e : replicaSets) {
      ReplicaSet rs = byUid.remove(e.uid());
      if (rs == null) {
        diff.add("revision " + e.revision() + " (" + e.name() + ") is gone");
      } else if (!e.annotations().equals(withoutDrillKeys(rs.getMetadata().getAnnotations()))
          || hasDrillKeys(rs.getMetadata().getAnnotations())) {
        diff.add("revision " + e.revision() + " (" + e.name() + ") has other annotations"
            + (Rollouts.revision(rs) != e.revision() ? ": it is revision " + Rollouts.revision(rs) + " now" : ""));
      }
    }
    byUid.values().forEach(rs -> diff.add("revision " + Rollouts.revision(rs) + " (" + rs.getMetadata().getName()
        + ") was not there before"));
    Map<String, String> now = withoutDrillKeys(d.getMetadata().getAnnotations());
    if (!equalExcept(now, deploymentAnnotations, REVISION) || hasDrillKeys(d.getMetadata().getAnnotations())) {
      diff.add("the deployment's annotations differ");
    }
    String rev = deploymentAnnotations.get(REVISION);
    if (rev != null && !rev.equals(now.get(REVISION))) {
      diff.add("the deployment is at revision " + now.get(REVISION) + ", was " + rev);
    }
    if (!Objects.equals(d.getSpec().getRevisionHistoryLimit(), revisionHistoryLimit) && revisionHistoryLimit != null) {
      diff.add("revisionHistoryLimit is " + d.getSpec().getRevisionHistoryLimit() + ", was " + revisionHistoryLimit);
    }
    return diff;
  }

  /** The revisions as found, oldest first, for a progress line. */
  public String describe() {
    List<Long> revs = replicaSets.stream().map(Entry::revision).sorted().toList();
    return "revisions " + revs;
  }

  /** A merge patch turning {@code now} into {@code wanted} (a null removes a key), ignoring {@code except}. */
  private static Map<String, Object> annotationPatch(Map<String, String> now, Map<String, String> wanted, String except) {
    Map<String, Object> p = new TreeMap<>();
    Map<String, String> current = now == null ? Map.of() : now;
    for (String k : current.keySet()) {
      if (!wanted.containsKey(k) && !k.equals(except)) {
        p.put(k, null);
      }
    }
    wanted.forEach((k, v) -> {
      if (!k.equals(except) && !v.equals(current.get(k))) {
        p.put(k, v);
      }
    });
    return p;
  }

  private static boolean equalExcept(Map<String, String> a, Map<String, String> b, String except) {
    Map<String, String> x = new TreeMap<>(a);
    Map<String, String> y = new TreeMap<>(b);
    x.remove(except);
    y.remove(except);
    return x.equals(y);
  }

  /** Drill bookkeeping an older version of the tool may have left (and the controller copied). */
  static boolean isDrillKey(String key) {
    return key.startsWith("rollback-drill/");
  }

  private static boolean hasDrillKeys(Map<String, String> a) {
    return a != null && a.keySet().stream().anyMatch(RolloutHistory::isDrillKey);
  }

  private static Map<String, String> withoutDrillKeys(Map<String, String> a) {
    Map<String, String> m = new TreeMap<>();
    if (a != null) {
      a.forEach((k, v) -> {
        if (!isDrillKey(k)) {
          m.put(k, v);
        }
      });
    }
    return m;
  }
}
