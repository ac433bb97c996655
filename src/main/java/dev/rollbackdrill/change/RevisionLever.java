package dev.rollbackdrill.change;

import dev.rollbackdrill.kube.ApiErrors;
import static dev.rollbackdrill.kube.Rollouts.CHANGE_CAUSE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.rollbackdrill.health.HealthGate;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.kube.TargetWatch;
import dev.rollbackdrill.kube.TargetWatch.Snapshot;
import dev.rollbackdrill.history.DrillRecord.RevisionRef;
import dev.rollbackdrill.guard.RestoreRetry;
import dev.rollbackdrill.procedure.KnownGoodRestore;
import dev.rollbackdrill.procedure.ProcedureContext;
import dev.rollbackdrill.procedure.ProcedureException;
import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Procedure;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A new Deployment revision ({@code noop} and {@code broken}): the candidate template is patched
 * onto the target, the rollback is accepted once the controller observes a newer spec, and healthy
 * means the rollout is complete on the known-good template with no candidate pod left. Its variant
 * for {@code roll-forward}: healthy is a complete rollout on a newer template (the fix), which
 * stays live after the measured phases, so the drill then puts the known-good back itself. Whatever
 * happens, a progress deadline the drill shortened goes back too.
 */
final class RevisionLever implements Lever {

  private final KubernetesClient client;
  private final Scenario s;
  private final String ns;
  private final String name;
  private final String drillId;
  private final Ticker ticker;
  private final Consumer<String> say;
  private final boolean forward;
  private final KnownGoodRestore restore;

  private Deployment original;
  private ReplicaSet knownGood;
  private String knownGoodHash;
  private long candidateGeneration = -1;
  /** Arrival of the watch event that showed the candidate's ReplicaSet: the end of deploy. */
  private long candidateCreatedAt = Long.MIN_VALUE;
  private String candidateHash;
  private RevisionRef candidateRef;
  /** The candidate's patch shortened progressDeadlineSeconds (detect: rollout-stalled). */
  private volatile boolean deadlineChanged;

  RevisionLever(KubernetesClient client, Scenario s, String drillId, Ticker ticker, Consumer<String> say) {
    this.client = client;
    this.s = s;
    this.ns = s.target().namespace();
    this.name = s.target().deployment();
    this.drillId = drillId;
    this.ticker = ticker;
    this.say = say;
    this.forward = s.rollback().procedure() == Procedure.ROLL_FORWARD;
    this.restore = new KnownGoodRestore(client, ns, name);
  }

  @Override
  public String preflight(TargetWatch watch, String knownGoodHash, Duration timeout, Function<Snapshot, String> describe)
      throws DrillFailure {
    this.knownGoodHash = knownGoodHash;
    Snapshot snap = watch.snapshot();
    knownGood = Rollouts.owned(snap.deployment(), snap.replicaSets()).stream()
        .filter(rs -> knownGoodHash.equals(Rollouts.hash(rs))).findFirst().orElseThrow();
    original = snap.deployment(); // the watch's own copy: as read, resourceVersion and generation included
    return null;
  }

  @Override
  public String prepare(dev.rollbackdrill.guard.RolloutHistory history) {
    String raised = history.raiseLimit(client, ns, name);
    if (raised != null) {
      // Re-read: the candidate's patch is guarded by the generation, which the raise moved.
      original = client.apps().deployments().inNamespace(ns).withName(name).get();
    }
    return raised;
  }

  @Override
  public void apply(TargetWatch watch) throws DrillFailure {
    PodTemplateSpec candidate =
        CandidateChange.apply(original.getSpec().getTemplate(), s.change(), s.target().container(), drillId);
    String cause =
        s.change().changeCause() != null
            ? s.change().changeCause()
            : "rollback-drill " + s.name() + ": "
                + (s.change().type() == ChangeType.NOOP ? "no-op change" : s.change().fault().yamlName() + " candidate");
    ObjectMapper json = Serialization.jsonMapper();
    ArrayNode patch = json.createArrayNode();
    // Guarded by the generation, which only a spec change moves: someone else's change of the
    // template must fail the patch, the controller's status writes (new resourceVersions) must not.
    patch.addObject().put("op", "test").put("path", "/metadata/generation")
        .put("value", original.getMetadata().getGeneration());
    patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", json.valueToTree(candidate));
    // The annotations exist (the controller keeps its revision there): set only the change-cause.
    patch.addObject().put("op", "add").put("path", "/metadata/annotations/" + CHANGE_CAUSE.replace("/", "~1"))
        .put("value", cause);
    if (s.detect().progressDeadline() != null) {
      deadlineChanged = true; // put back after the drill, whatever its verdict (afterDrill)
      patch.addObject().put("op", "replace").put("path", "/spec/progressDeadlineSeconds")
          .put("value", Math.max(1, s.detect().progressDeadline().toSeconds()));
    }
    Deployment after = client.apps().deployments().inNamespace(ns).withName(name)
        .patch(PatchContext.of(PatchType.JSON), patch.toString());
    candidateGeneration = after.getMetadata().getGeneration();
  }

  @Override
  public String awaitApplied(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    candidateCreatedAt = HealthGate.named(
            Phase.DEPLOY.recordName() + ": candidate revision created",
            snap -> Rollouts.observed(snap.deployment())
                && snap.deployment().getMetadata().getGeneration() >= candidateGeneration
                && Rollouts.current(snap.deployment(), snap.replicaSets())
                    .map(rs -> !knownGoodHash.equals(Rollouts.hash(rs)))
                    .orElse(false))
        .await(watch, timeout, describe);
    Snapshot snap = watch.snapshot();
    ReplicaSet c = Rollouts.current(snap.deployment(), snap.replicaSets()).orElseThrow();
    candidateHash = Rollouts.hash(c);
    candidateRef = ref(c);
    return "candidate revision " + candidateRef.revision() + " (" + candidateRef.image() + ")";
  }

  @Override
  public long appliedAt() {
    return candidateCreatedAt;
  }

  @Override
  public RevisionRef candidate() {
    return candidateRef;
  }

  @Override
  public String candidateHash() {
    return candidateHash;
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
    return HealthGate.named(Phase.ACCEPTED.recordName(),
            snap -> snap.deployment().getMetadata().getGeneration() > candidateGeneration
                && Rollouts.observed(snap.deployment()))
        .await(watch, timeout, describe);
  }

  @Override
  public String acceptedDetail(TargetWatch watch) {
    return "controller observed generation " + watch.snapshot().deployment().getMetadata().getGeneration();
  }

  @Override
  public boolean unchanged(Snapshot snap) {
    return snap.deployment() != null && snap.deployment().getMetadata().getGeneration() <= candidateGeneration;
  }

  @Override
  public long awaitHealthy(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    return (forward
            ? HealthGate.named(Phase.HEALTHY.recordName(), this::healthyOnFix)
            : HealthGate.named(Phase.HEALTHY.recordName(), this::healthyOnKnownGood).failFast(this::wrongRevision))
        .await(watch, timeout, describe);
  }

  @Override
  public String healthyDetail(TargetWatch watch, long acceptedAt) {
    return "healthy on revision " + Rollouts.revision(watch.snapshot().deployment()) + (forward ? " (rolled forward)" : "");
  }

  @Override
  public boolean leavesChangeLive() {
    return forward;
  }

  @Override
  public String verify(TargetWatch watch) throws DrillFailure {
    Snapshot snap = watch.snapshot();
    ReplicaSet current = Rollouts.current(snap.deployment(), snap.replicaSets()).orElseThrow();
    String image = Rollouts.image(current.getSpec().getTemplate(), s.target().container());
    if (forward) {
      verifyFix(current, image);
      return "rolled-forward template verified";
    }
    String expected = Rollouts.image(knownGood.getSpec().getTemplate(), s.target().container());
    if (!expected.equals(image)) {
      throw new DrillFailure("verify: restored image " + image + " is not the known-good " + expected);
    }
    return "restored template verified";
  }

  /** The template now live carries the fix: its image, and its environment values. */
  private void verifyFix(ReplicaSet current, String live) throws DrillFailure {
    String image = s.rollback().image() != null ? s.rollback().image() : candidateRef.image();
    if (!image.equals(live)) {
      throw new DrillFailure("verify: rolled-forward image " + live + " is not the fix " + image);
    }
    Container c = current.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(x -> s.target().container() == null || s.target().container().equals(x.getName()))
        .findFirst().orElseThrow();
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnv() != null) {
      c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    }
    for (Map.Entry<String, String> e : s.rollback().env().entrySet()) {
      if (!e.getValue().equals(env.get(e.getKey()))) {
        throw new DrillFailure("verify: the rolled-forward template does not set " + e.getKey() + " as the fix does");
      }
    }
  }

  @Override
  public String restoreDescription() {
    return "deployment/" + name + " to known-good revision " + Rollouts.revision(knownGood);
  }

  @Override
  public String restoredWords() {
    return "the target was restored to known-good revision " + Rollouts.revision(knownGood) + " and seen healthy";
  }

  @Override
  public String putBack() throws ProcedureException, KnownGoodRestore.Gone {
    return restore.template(knownGoodHash, original.getSpec().getTemplate(),
        Rollouts.image(original.getSpec().getTemplate(), s.target().container()));
  }

  @Override
  public void awaitRestored(TargetWatch watch, Duration timeout, Function<Snapshot, String> describe) {
    HealthGate.named("restore", this::healthyOnKnownGood).await(watch, timeout, describe);
  }

  @Override
  public RevisionRef restoredRef(TargetWatch watch) {
    Snapshot snap = watch.snapshot();
    return Rollouts.current(snap.deployment(), snap.replicaSets()).map(RevisionLever.this::ref).orElse(null);
  }

  /**
   * Puts the target's own progress deadline back if the drill shortened it; null when done (or
   * nothing to do), else why not. A merge patch of that one field, so the controller's status
   * writes cannot make it conflict; retried while the API server does not answer.
   */
  @Override
  public String afterDrill(Duration budget) {
    if (!deadlineChanged) {
      return null;
    }
    Integer orig = original.getSpec().getProgressDeadlineSeconds();
    try {
      RestoreRetry.run(ticker, budget, Thread::sleep, say, () -> restore.progressDeadline(orig));
      deadlineChanged = false;
      return null;
    } catch (KnownGoodRestore.Gone e) {
      deadlineChanged = false; // no Deployment, no deadline to put back
      return null;
    } catch (KubernetesClientException | ProcedureException e) {
      return "could not put progressDeadlineSeconds back to " + orig + ": " + ApiErrors.describe(e);
    } catch (InterruptedException i) {
      Thread.currentThread().interrupt();
      return "interrupted while putting progressDeadlineSeconds back";
    }
  }

  boolean healthyOnKnownGood(Snapshot snap) {
    Deployment d = snap.deployment();
    if (!Rollouts.complete(d)) {
      return false;
    }
    Optional<ReplicaSet> current = Rollouts.current(d, snap.replicaSets());
    if (current.isEmpty() || !knownGoodHash.equals(Rollouts.hash(current.get()))) {
      return false;
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    long ready = snap.livePodsOf(knownGoodHash).stream().filter(Rollouts::ready).count();
    return ready >= desired && (candidateHash == null || snap.livePodsOf(candidateHash).isEmpty());
  }

  /** Healthy after a roll-forward: the rollout is complete on a new template, neither candidate nor older. */
  boolean healthyOnFix(Snapshot snap) {
    Deployment d = snap.deployment();
    if (!Rollouts.complete(d) || d.getMetadata().getGeneration() <= candidateGeneration) {
      return false;
    }
    Optional<ReplicaSet> current = Rollouts.current(d, snap.replicaSets());
    if (current.isEmpty() || Rollouts.hash(current.get()).equals(candidateHash)) {
      return false;
    }
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    long ready = snap.livePodsOf(Rollouts.hash(current.get())).stream().filter(Rollouts::ready).count();
    return ready >= desired && snap.livePodsOf(candidateHash).isEmpty();
  }

  Optional<String> wrongRevision(Snapshot snap) {
    Deployment d = snap.deployment();
    if (d == null) {
      return Optional.of("the deployment was deleted");
    }
    if (!Rollouts.complete(d)) {
      return Optional.empty();
    }
    return Rollouts.current(d, snap.replicaSets())
        .filter(rs -> !knownGoodHash.equals(Rollouts.hash(rs)) && !rs.getMetadata().getUid().equals(
            Rollouts.byRevision(d, snap.replicaSets(), candidateRef == null ? -1 : candidateRef.revision())
                .map(c -> c.getMetadata().getUid()).orElse("")))
        .map(rs -> "the rollback restored revision " + Rollouts.revision(rs) + " ("
            + Rollouts.image(rs.getSpec().getTemplate(), s.target().container())
            + "), which is not the known-good template (revision " + Rollouts.revision(knownGood) + ")");
  }

  private RevisionRef ref(ReplicaSet rs) {
    return new RevisionRef(Rollouts.revision(rs), Rollouts.image(rs.getSpec().getTemplate(), s.target().container()),
        Rollouts.changeCause(rs));
  }
}
