package dev.rollbackdrill.change;

import dev.rollbackdrill.scenario.Change;
import dev.rollbackdrill.scenario.ChangeType;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a known-good pod template into the candidate a drill deploys: a no-op (same image, a
 * drill annotation bumped, so the controller makes a new revision) or a deliberately broken
 * release. Faults work on any image: a crash is a start command that does not exist, a readiness
 * that never passes is a probe of a port nothing listens on, a pull failure is a tag that does not
 * exist. When the scenario gives {@code env}, the service is broken its own way and only the
 * environment changes (e.g. the demo service's {@code DEMO_FAULT=crash}).
 */
public final class CandidateChange {

  /** Pod-template annotation that makes a no-op change a new revision. */
  public static final String NOOP_ANNOTATION = "rollback-drill/noop";

  private CandidateChange() {}

  /**
   * The candidate template.
   *
   * @param container the container to change; null for the first
   * @param drillId unique id of this drill run, to make every no-op a new revision
   */
  public static PodTemplateSpec apply(
      PodTemplateSpec knownGood, Change change, String container, String drillId) {
    PodTemplateSpec t = new PodTemplateSpecBuilder(knownGood).build();
    Container c = pick(t, container);
    if (t.getMetadata().getAnnotations() == null) {
      t.getMetadata().setAnnotations(new HashMap<>());
    }
    Map<String, String> annotations = new HashMap<>(t.getMetadata().getAnnotations());
    annotations.put(NOOP_ANNOTATION, drillId);
    t.getMetadata().setAnnotations(annotations);
    if (!change.env().isEmpty()) {
      setEnv(c, change.env());
    }
    if (change.type() != ChangeType.BROKEN) {
      return t; // noop; a switch or a flag changes no template at all
    }
    boolean ownWay = !change.env().isEmpty();
    switch (change.fault()) {
      case IMAGE_PULL_FAILURE -> c.setImage(repository(c.getImage()) + ":rollback-drill-missing-" + drillId);
      case CRASH_ON_START -> {
        if (!ownWay) {
          c.setCommand(List.of("/rollback-drill/crash-on-start"));
          c.setArgs(List.of());
        }
      }
      case READINESS_NEVER_PASSES -> {
        if (!ownWay) {
          c.setReadinessProbe(neverReady(c.getReadinessProbe()));
        }
      }
      case BAD_CONFIG -> {
        // the env above is the bad configuration
      }
      case CANDIDATE_IMAGE -> c.setImage(change.image());
    }
    return t;
  }

  static Container pick(PodTemplateSpec t, String name) {
    List<Container> cs = t.getSpec().getContainers();
    if (name == null) {
      return cs.get(0);
    }
    return cs.stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "container '" + name + "' not found; the pod has "
                        + cs.stream().map(Container::getName).toList()));
  }

  private static void setEnv(Container c, Map<String, String> env) {
    List<EnvVar> vars = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
    env.forEach(
        (k, v) -> {
          vars.removeIf(e -> e.getName().equals(k));
          vars.add(new EnvVar(k, v, null));
        });
    c.setEnv(vars);
  }

  /** The image reference without its tag or digest. */
  static String repository(String image) {
    String s = image;
    int at = s.indexOf('@');
    if (at >= 0) {
      s = s.substring(0, at);
    }
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    return colon > slash ? s.substring(0, colon) : s;
  }

  private static Probe neverReady(Probe existing) {
    // Port 1 on the pod's own address: nothing listens there, so every probe is refused.
    ProbeBuilder b =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withNewPort(1)
            .endTcpSocket()
            .withPeriodSeconds(1)
            .withTimeoutSeconds(1)
            .withFailureThreshold(1)
            .withSuccessThreshold(1);
    return b.build();
  }
}
