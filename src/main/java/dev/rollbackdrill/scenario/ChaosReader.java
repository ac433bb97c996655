package dev.rollbackdrill.scenario;

import dev.rollbackdrill.timing.Phase;
import dev.rollbackdrill.yaml.YamlReader;
import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a scenario's {@code chaos:} list ({@link Chaos}) with the scenario's YAML reader. */
final class ChaosReader {

  static final List<String> KEYS = List.of("kind", "during", "after", "for", "pods", "share", "of", "every");
  /** The phases an injection may start in: those of the change and the rollback. */
  static final List<Phase> PHASES = List.of(Phase.DEPLOY, Phase.DETECT, Phase.TRIGGER, Phase.ACCEPTED, Phase.HEALTHY);
  /** At most this many noisy neighbours: each burns a core. */
  static final int MAX_NEIGHBOURS = 8;
  /** The longest API outage a drill may cause: every controller of the cluster stops with it. */
  static final Duration MAX_API_OUTAGE = Duration.ofSeconds(60);

  private final YamlReader yaml;
  private final ScenarioReader scenario;

  ChaosReader(YamlReader yaml, ScenarioReader scenario) {
    this.yaml = yaml;
    this.scenario = scenario;
  }

  List<Chaos> read(Field f, Change change) {
    List<Field> items = yaml.list(f, "a list of injections, each with kind and during");
    List<Chaos> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      yaml.problem(f, "must name at least one injection (or leave chaos out)");
    }
    for (Field item : items) {
      Chaos c = one(yaml.section(item), change);
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  private Chaos one(Section s, Change change) {
    if (s == null) {
      return null;
    }
    ChaosKind kind = yaml.choice(s.get("kind", YamlReader.REQUIRED), YamlReader.constants(ChaosKind.class),
        ChaosKind::yamlName);
    Phase during = yaml.choice(s.get("during", YamlReader.REQUIRED), PHASES, Phase::recordName);
    Duration after = scenario.duration(s.get("after", null));
    Duration lasts = scenario.duration(s.get("for", null));
    boolean unknown = kind == null;
    boolean kill = kind == ChaosKind.POD_KILL || kind == ChaosKind.CONTAINER_KILL;
    boolean neighbours = kind == ChaosKind.CPU_PRESSURE;
    String podsOnly = "only allowed when kind is pod-kill, container-kill or cpu-pressure";
    String killOnly = "only allowed when kind is pod-kill or container-kill";
    if (kind == ChaosKind.API_UNAVAILABLE) {
      // Required: until the rollback is over would never come, with the API server stopped.
      Field forField = s.get("for", "api-unavailable needs for: how long the API server stays stopped");
      if (lasts != null && lasts.compareTo(MAX_API_OUTAGE) > 0) {
        yaml.problem(forField, "at most " + Durations.format(MAX_API_OUTAGE) + " for api-unavailable: every controller"
            + " of the cluster stops with the API server");
      }
    }
    Field podsField = s.pick("pods", unknown || kill || neighbours, null, podsOnly);
    Integer pods = yaml.integer(podsField, 1, neighbours ? MAX_NEIGHBOURS : 1000);
    Field shareField = s.pick("share", unknown || kill, null, killOnly);
    Double share = scenario.percent(shareField);
    if (podsField != null && shareField != null) {
      yaml.problem(shareField, "pods or share, not both: how many of the ReplicaSet's pods to kill");
    }
    Field ofField = s.pick("of", unknown || kill, null, killOnly);
    String of = yaml.choice(ofField, List.of("known-good", "candidate"), o -> o);
    boolean candidate = "candidate".equals(of);
    if (candidate && change != null && change.type() != null && !change.type().newRevision()) {
      yaml.problem(ofField, "a " + change.type().yamlName() + " change makes no candidate ReplicaSet of the target;"
          + " kill known-good pods");
    }
    Field everyField = s.pick("every", unknown || kill, null, killOnly);
    Duration every = scenario.duration(everyField);
    if (every != null && lasts != null && every.compareTo(lasts) > 0) {
      yaml.problem(everyField, "longer than the injection lasts (for " + Durations.format(lasts) + "): it would kill once");
    }
    if (kind == null || during == null) {
      return null;
    }
    return new Chaos(kind, during, after == null ? Duration.ZERO : after, lasts, pods == null ? 1 : pods, share, candidate,
        every);
  }
}
