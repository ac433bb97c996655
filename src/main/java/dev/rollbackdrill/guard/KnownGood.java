package dev.rollbackdrill.guard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The known-good state a drill will restore, and the target's rollout history as the drill found
 * it, written before anything changes as the annotation {@value #ANNOTATION} on the drill's own
 * Lease ({@link DrillLease}), never on the target: the Deployment controller copies a
 * Deployment's annotations onto its ReplicaSets, and a later routine {@code kubectl rollout undo}
 * would bring such a copy back. The Lease, and this record with it, is deleted once the target is
 * back as found; if the harness is killed in between, {@code drill recover} finds it on the
 * abandoned Lease, which names the drill and its runner, and restores the target from it.
 */
public record KnownGood(
    String drillId,
    String holder,
    Instant startedAt,
    long revision,
    String templateHash,
    String image,
    Integer progressDeadlineSeconds,
    PodTemplateSpec template,
    dev.rollbackdrill.procedure.ProcedureContext.ServiceSelector selector,
    dev.rollbackdrill.procedure.ProcedureContext.FlagSetting flag,
    RolloutHistory history,
    Database database) {

  public static final String ANNOTATION = "rollback-drill/known-good";

  /**
   * A release's database as the drill found it: the scenario whose {@code database:} section says
   * where it is and what the down-migration is, and the digest of its fingerprint (schema, rows,
   * checksums), so that {@code drill recover} runs the down-migration only when the database
   * differs, and then proves it back.
   */
  public record Database(String scenarioFile, String fingerprint) {}

  /** As recorded before this field existed (no database). */
  public KnownGood(String drillId, String holder, Instant startedAt, long revision, String templateHash, String image,
      Integer progressDeadlineSeconds, PodTemplateSpec template,
      dev.rollbackdrill.procedure.ProcedureContext.ServiceSelector selector,
      dev.rollbackdrill.procedure.ProcedureContext.FlagSetting flag, RolloutHistory history) {
    this(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds, template, selector, flag,
        history, null);
  }

  /** The known-good of a Deployment-revision drill: nothing but the Deployment changes. */
  public KnownGood(String drillId, String holder, Instant startedAt, long revision, String templateHash,
      String image, Integer progressDeadlineSeconds, PodTemplateSpec template, RolloutHistory history) {
    this(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds, template, null, null,
        history);
  }

  /**
   * The same, also recording the Service selector (blue-green) or flag value (kill switch) the
   * drill will change, so that {@code drill recover} can put them back too.
   */
  public KnownGood withLever(
      dev.rollbackdrill.procedure.ProcedureContext.ServiceSelector selector,
      dev.rollbackdrill.procedure.ProcedureContext.FlagSetting flag) {
    return new KnownGood(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds,
        template, selector, flag, history, database);
  }

  /** The same, also recording the release's database as found (null: the release has none). */
  public KnownGood withDatabase(Database database) {
    return new KnownGood(drillId, holder, startedAt, revision, templateHash, image, progressDeadlineSeconds,
        template, selector, flag, history, database);
  }

  /** Writes this record onto the drill's lease (nothing on the target changes). */
  public void record(DrillLease lease) {
    try {
      lease.annotate(ANNOTATION, Serialization.jsonMapper().writeValueAsString(this));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record on the lease of {@code deployment}'s drill, if a drill holds or left one. */
  public static Optional<KnownGood> of(KubernetesClient client, String namespace, String deployment) {
    Lease l = client.resources(Lease.class).inNamespace(namespace).withName(DrillLease.leaseName(deployment)).get();
    return l == null ? Optional.empty() : read(l);
  }

  /** The record on {@code o} (a drill's lease; on a Deployment, one an older version wrote), if it can be read. */
  public static Optional<KnownGood> read(HasMetadata o) {
    Map<String, String> a = o.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(ANNOTATION)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Serialization.jsonMapper().readValue(a.get(ANNOTATION), KnownGood.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** What the record would restore, and from which drill, in one line. */
  public String describe() {
    return "drill " + drillId + " by " + holder + " (started " + startedAt + ") left it changed; known-good is revision "
        + revision + " (" + image + ")"
        + (selector == null ? "" : ", service " + selector.service() + " on " + selector.label() + "="
            + selector.knownGoodColour())
        + (flag == null ? "" : ", flag " + flag.configMap() + "/" + flag.key() + " "
            + (flag.knownGoodValue() == null ? "absent" : "'" + flag.knownGoodValue() + "'"))
        + (database == null ? "" : ", the database of " + database.scenarioFile() + " as found");
  }
}
