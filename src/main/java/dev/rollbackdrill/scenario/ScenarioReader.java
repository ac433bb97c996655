package dev.rollbackdrill.scenario;

import static java.util.Map.entry;

import dev.rollbackdrill.yaml.Problem;
import dev.rollbackdrill.yaml.YamlReader;
import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML mapping into a {@link Scenario}, adding every problem it finds to a list.
 * The shared {@link YamlReader} finds the fields and words the common mistakes; this class knows
 * what a scenario's fields mean, the scenario's own kinds of value (durations, rates, percentages,
 * environments) and the rules between fields. Readers keep going after a bad value (returning null
 * for it) so that one pass reports everything.
 */
final class ScenarioReader {

  /** Known keys of each mapping by dotted path ("" is the top level); the schema test uses it. */
  static final Map<String, List<String>> KNOWN_KEYS =
      Map.ofEntries(
          entry(
              "",
              List.of(
                  "name",
                  "description",
                  "tags",
                  "target",
                  "change",
                  "detect",
                  "rollback",
                  "healthy",
                  "slo",
                  "iterations",
                  "timeouts",
                  "load",
                  "database",
                  "chaos")),
          entry("chaos[]", ChaosReader.KEYS),
          entry("database", DatabaseSectionReader.KEYS),
          entry("database.user", DatabaseSectionReader.CREDENTIAL_KEYS),
          entry("database.password", DatabaseSectionReader.CREDENTIAL_KEYS),
          entry("database.migration", DatabaseSectionReader.COMMAND_KEYS),
          entry("database.down", DatabaseSectionReader.COMMAND_KEYS),
          entry("target", List.of("namespace", "deployment", "container", "fixture", "service")),
          entry(
              "change",
              List.of(
                  "type", "fault", "image", "env", "changeCause", "to", "label", "configMap", "key",
                  "value", "weight")),
          entry("detect", CanaryRuleReader.withKeys(List.of("type", "for", "restarts", "progressDeadline", "above", "over"))),
          entry("rollback", List.of("procedure", "to", "revision", "changeCause", "run", "image", "env")),
          entry(
              "load",
              List.of("rate", "path", "port", "service", "timeout", "maxDuration", "maxRequests")),
          entry("healthy", List.of("http")),
          entry("healthy.http", List.of("port", "path", "service", "expectStatus", "consecutive")),
          entry(
              "timeouts",
              List.of("preflight", "deploy", "detect", "rollback", "healthy", "verify")));

  private static final String REQUIRED = YamlReader.REQUIRED;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern IMAGE = Pattern.compile("\\S+");
  // Kubernetes label keys (optional DNS prefix and '/') and values.
  private static final Pattern LABEL_KEY =
      Pattern.compile("(" + SUBDOMAIN + "/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  /** Highest load rate: the requests go through the API server, which the drill must not flood. */
  static final double MAX_RATE = 100;
  private static final String NAME_RULE =
      "(lowercase letters, digits and '-', starting with a letter or digit, at most 63"
          + " characters)";
  private static final String LABEL_RULE =
      "a valid DNS-1123 label (lowercase letters, digits and '-', starting and ending with a"
          + " letter or digit, at most 63 characters)";

  private final YamlReader yaml;

  ScenarioReader(String file, List<Problem> problems) {
    this.yaml = new YamlReader(file, problems, KNOWN_KEYS);
  }

  /** The scenario in {@code root}; meaningless (and null-riddled) if problems were added. */
  Scenario read(MappingNode root, Path source, String sha256) {
    Section top = yaml.top(root);
    String name = matching(top.get("name", REQUIRED), NAME, 63, "a valid name " + NAME_RULE);
    String description = text(top.get("description", null));
    List<String> tags = tags(top.get("tags", null));
    Target target = target(section(top.get("target", REQUIRED)));
    Change change = change(section(top.get("change", REQUIRED)), target);
    Field loadField = top.get("load", null);
    Load load = load(section(loadField), target);
    Detect detect = detect(section(top.get("detect", REQUIRED)), change, load, loadField != null);
    Rollback rollback = rollback(section(top.get("rollback", REQUIRED)), change, detect);
    Healthy healthy = healthy(section(top.get("healthy", null)));
    if (change != null && change.type() == ChangeType.FLAG && healthy.http() == null) {
      problem(
          top.line(),
          "healthy.http",
          "required when change.type is flag: the kill switch has worked when the risky path"
              + " answers well again, checked there");
    }
    Duration slo = duration(top.get("slo", REQUIRED));
    Integer iterations = integer(top.get("iterations", null), 1, 100);
    Timeouts timeouts = timeouts(section(top.get("timeouts", null)));
    Field databaseField = top.get("database", null);
    DatabaseSection database = new DatabaseSectionReader(yaml, source).read(section(databaseField));
    if (target != null && target.fixtureKind() == Fixture.DEMO_DB && (database == null || !database.throwaway())) {
      problem(databaseField == null ? top.line() : databaseField.keyLine(), "database", (database == null ? "required"
          : "without url") + " with target.fixture demo-db: the demo reads the drill's own database on the throwaway PostgreSQL");
    }
    if (database != null && change != null && change.type() != null && change.type() != ChangeType.NOOP
        && change.type() != ChangeType.BROKEN) {
      problem(databaseField.keyLine(), "database", "only with change.type noop or broken: a migration ships with a new"
          + " revision, got change.type " + YamlNames.of(change.type()));
    }
    List<Chaos> chaos = new ChaosReader(yaml, this).read(top.get("chaos", null), change);
    return new Scenario(
        name,
        description,
        tags,
        target,
        change,
        detect,
        rollback,
        healthy,
        slo,
        or(iterations, 1),
        timeouts,
        source,
        sha256,
        load,
        database,
        chaos);
  }

  private List<String> tags(Field f) {
    List<String> tags = new ArrayList<>();
    List<Field> items = yaml.list(f, "a list");
    for (Field item : items == null ? List.<Field>of() : items) {
      String tag = matching(item, NAME, 63, "a valid tag " + NAME_RULE);
      if (tag != null) {
        tags.add(tag);
      }
    }
    return tags;
  }

  private Target target(Section s) {
    if (s == null) {
      return null;
    }
    return new Target(
        matching(s.get("namespace", REQUIRED), LABEL, 63, LABEL_RULE),
        matching(
            s.get("deployment", REQUIRED),
            SUBDOMAIN,
            253,
            "a valid DNS-1123 subdomain (dot-separated DNS-1123 labels, at most 253 characters)"),
        matching(s.get("container", null), LABEL, 63, LABEL_RULE),
        choice(s.get("fixture", null), Fixture.class),
        matching(s.get("service", null), LABEL, 63, LABEL_RULE));
  }

  private Change change(Section s, Target target) {
    if (s == null) {
      return null;
    }
    Field typeField = s.get("type", REQUIRED);
    ChangeType type = choice(typeField, ChangeType.class);
    boolean noop = type == ChangeType.NOOP;
    // An unknown type allows every field, so their values are still checked.
    boolean revision = type == null || type.newRevision();
    boolean canary = type == ChangeType.CANARY;
    // A canary's candidate is made as a revision's is (fault, image, env), beside the target.
    boolean templated = revision || canary;
    String notRevision = type == null ? null : "not allowed when change.type is " + type.yamlName();
    Fault fault =
        choice(
            s.pick(
                "fault",
                !noop && templated,
                type == ChangeType.BROKEN ? "required when change.type is broken" : null,
                notRevision),
            Fault.class);
    Change.Switch switchTo = switchTo(s, type);
    Change.Flag flag = flag(s, type);
    if (type == ChangeType.SWITCH && target != null && target.service() == null) {
      problem(
          typeField,
          "switch needs target.service: the Service whose selector the drill points at another"
              + " colour");
    }
    Double weight = percent(s.pick("weight", type == null || canary, canary ? "required when change.type is canary" : null,
        "only allowed when change.type is canary"));
    if (canary && target != null && target.service() == null) {
      problem(typeField, "canary needs target.service: the Service whose traffic the canary shares with the target");
    }
    if (!templated) {
      for (String key : List.of("image", "env", "changeCause")) {
        s.pick(key, false, null, notRevision);
      }
      return new Change(type, null, null, Map.of(), null, switchTo, flag);
    }
    // Until the fault is known (type or fault invalid), check an image only for its own sake.
    boolean faultKnown = noop || fault != null;
    boolean candidate = fault == Fault.CANDIDATE_IMAGE;
    String image =
        matching(
            s.pick(
                "image",
                !faultKnown || candidate,
                candidate ? "required when change.fault is candidate-image" : null,
                "only allowed when change.fault is candidate-image"),
            IMAGE,
            Integer.MAX_VALUE,
            "a valid image reference (no spaces)");
    boolean badConfig = fault == Fault.BAD_CONFIG;
    Map<String, String> env =
        env(s.get("env", badConfig ? "required when change.fault is bad-config" : null), badConfig);
    String changeCause = text(s.get("changeCause", null));
    return new Change(type, fault, image, env, changeCause, switchTo, flag, weight);
  }

  private Change.Switch switchTo(Section s, ChangeType type) {
    boolean allowed = type == null || type == ChangeType.SWITCH;
    String notAllowed = "only allowed when change.type is switch";
    String to =
        matching(
            s.pick("to", allowed, type == ChangeType.SWITCH ? "required when change.type is switch" : null, notAllowed),
            LABEL_VALUE,
            63,
            "a valid label value (letters, digits, '-', '_' and '.', starting and ending with a"
                + " letter or digit, at most 63 characters)");
    String label =
        matching(
            s.pick("label", allowed, null, notAllowed),
            LABEL_KEY,
            317,
            "a valid label key such as 'color' or 'example.com/slot'");
    return type == ChangeType.SWITCH ? new Change.Switch(or(label, Change.DEFAULT_COLOR_LABEL), to) : null;
  }

  private Change.Flag flag(Section s, ChangeType type) {
    boolean allowed = type == null || type == ChangeType.FLAG;
    String notAllowed = "only allowed when change.type is flag";
    String required = type == ChangeType.FLAG ? "required when change.type is flag" : null;
    String configMap =
        matching(
            s.pick("configMap", allowed, required, notAllowed),
            SUBDOMAIN,
            253,
            "a valid ConfigMap name (a DNS-1123 subdomain)");
    String key =
        matching(
            s.pick("key", allowed, required, notAllowed),
            CONFIG_KEY,
            253,
            "a valid ConfigMap key (letters, digits, '-', '_' and '.')");
    Field valueField = s.pick("value", allowed, null, notAllowed);
    String value = text(valueField);
    if (type != ChangeType.FLAG) {
      return null;
    }
    return new Change.Flag(configMap, key, or(value, Change.DEFAULT_FLAG_VALUE));
  }

  private Load load(Section s, Target target) {
    if (s == null) {
      return null;
    }
    Field rateField = s.get("rate", null);
    Double rate = rate(rateField);
    Field pathField = s.get("path", REQUIRED);
    String path = text(pathField);
    if (path != null && !path.startsWith("/")) {
      problem(pathField, "must start with '/', got '" + clip(path) + "'");
    }
    Integer port = integer(s.get("port", REQUIRED), 1, 65535);
    boolean targetService = target != null && target.service() != null;
    String service =
        matching(
            s.get("service", target == null || targetService ? null : "required when target.service is not set"),
            LABEL,
            63,
            LABEL_RULE);
    Duration timeout = or(duration(s.get("timeout", null)), Load.DEFAULT_TIMEOUT);
    Duration maxDuration = or(duration(s.get("maxDuration", null)), Load.DEFAULT_MAX_DURATION);
    Integer maxRequests = integer(s.get("maxRequests", null), 1, Integer.MAX_VALUE);
    double perSecond = or(rate, Load.DEFAULT_RATE);
    long requests =
        maxRequests != null
            ? maxRequests
            : (long) Math.ceil(perSecond * maxDuration.toNanos() / 1e9);
    return new Load(
        perSecond,
        path,
        service != null ? service : target == null ? null : target.service(),
        or(port, 0),
        timeout,
        maxDuration,
        requests);
  }

  /** A request rate such as {@code 10/s} or {@code 600/m}, in requests per second. */
  Double rate(Field f) {
    String text = scalarText(f, "a rate such as \"10/s\"");
    if (text == null) {
      return null;
    }
    if (text.matches("\\d+(\\.\\d+)?")) {
      problem(f, "'" + clip(text) + "' has no unit; write e.g. \"" + text + "/s\"");
      return null;
    }
    Double perSecond = Quantities.perSecond(text);
    if (perSecond == null) {
      problem(f, "invalid rate '" + clip(text) + "'; write e.g. \"10/s\" or \"600/m\"");
      return null;
    }
    if (perSecond <= 0 || perSecond > MAX_RATE) {
      problem(
          f,
          "must be greater than 0 and at most " + (int) MAX_RATE + "/s (the requests go through"
              + " the API server), got '" + clip(text) + "'");
      return null;
    }
    return perSecond;
  }

  /** A percentage such as {@code 5%}, as a fraction; strictly between 0% and 100%. */
  Double percent(Field f) {
    if (f == null) {
      return null;
    }
    String text = f.node() instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
    Double v = Quantities.percent(text);
    if (v == null) {
      problem(
          f,
          "expected a percentage such as \"5%\", got "
              + (text != null && text.matches("\\d+(\\.\\d+)?") ? "'" + clip(text) + "' (no '%')" : YamlReader.describe(f.node())));
      return null;
    }
    if (v <= 0 || v >= 100) {
      problem(f, "must be greater than 0% and less than 100%, got '" + clip(text) + "'");
      return null;
    }
    return v / 100;
  }

  private Map<String, String> env(Field f, boolean nonEmpty) {
    return env(f, nonEmpty, "must not be empty when change.fault is bad-config");
  }

  private Map<String, String> env(Field f, boolean nonEmpty, String emptyMessage) {
    Map<String, String> env = new LinkedHashMap<>();
    Section s = section(f);
    if (s == null) {
      return env;
    }
    if (nonEmpty && s.entries().isEmpty()) {
      problem(f, emptyMessage);
    }
    for (Map.Entry<String, NodeTuple> e : s.entries().entrySet()) {
      Field value = s.get(e.getKey(), REQUIRED);
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        problem(
            YamlReader.line(e.getValue().getKeyNode()),
            s.field(e.getKey()),
            "not a valid environment variable name (letters, digits, '_', '-' and '.', not"
                + " starting with a digit)");
      } else if (value != null) {
        String v = text(value);
        if (v != null) {
          env.put(e.getKey(), v);
        }
      }
    }
    return env;
  }

  private Detect detect(Section s, Change change, Load load, boolean hasLoad) {
    if (s == null) {
      return null;
    }
    Field typeField = s.get("type", REQUIRED);
    DetectType type = choice(typeField, DetectType.class);
    ChangeType changeType = change == null ? null : change.type();
    if (type != null && type.watchesRollout() && changeType != null && !changeType.newRevision()) {
      problem(
          typeField,
          type.yamlName()
              + " watches the rollout of a new Deployment revision, which a "
              + changeType.yamlName()
              + " change does not make; use " + (changeType == ChangeType.CANARY ? "canary-analysis" : "error-rate or dwell"));
    }
    boolean canary = type == DetectType.CANARY_ANALYSIS;
    if (canary && changeType != null && changeType != ChangeType.CANARY) {
      problem(typeField, "canary-analysis compares a canary with its baseline, and change.type " + changeType.yamlName()
          + " makes no canary; use change.type canary");
    }
    boolean automation = type == DetectType.AUTOMATION;
    if (automation && changeType != null && changeType != ChangeType.CANARY) {
      problem(typeField, "automation waits for the team's canary automation to take a canary's traffic away, and"
          + " change.type " + changeType.yamlName() + " makes no canary; use change.type canary");
    }
    if (type != null && !canary && !automation && changeType == ChangeType.CANARY) {
      problem(typeField, "a canary is judged by detect.type canary-analysis (the drill's analysis) or automation (the"
          + " team's own), got " + type.yamlName());
    }
    boolean errorRate = type == DetectType.ERROR_RATE;
    if (errorRate && changeType == ChangeType.NOOP) {
      problem(typeField, "error-rate never fires for a noop change, which stays healthy; use rollout-complete or dwell");
    }
    if (errorRate && !hasLoad) {
      problem(typeField, "error-rate needs a load section: the error rate is that of the load's requests");
    }
    Double above =
        percent(
            s.pick(
                "above",
                type == null || errorRate,
                errorRate ? "required when detect.type is error-rate" : null,
                "only allowed when detect.type is error-rate"));
    Field overField =
        s.pick(
            "over",
            type == null || errorRate || canary,
            errorRate || canary ? "required when detect.type is " + type.yamlName() : null,
            "only allowed when detect.type is error-rate or canary-analysis");
    Duration over = duration(overField);
    if (errorRate && over != null && load != null && load.ratePerSecond() * over.toNanos() / 1e9 < Detect.MIN_WINDOW_REQUESTS) {
      problem(
          overField,
          "a " + Durations.format(over) + " window at " + load.rate() + " holds fewer than "
              + Detect.MIN_WINDOW_REQUESTS + " requests, too few for an error rate; make it longer or"
              + " load.rate higher");
    }
    if (type == DetectType.ROLLOUT_COMPLETE && changeType == ChangeType.BROKEN) {
      problem(
          typeField,
          "rollout-complete never fires for a broken change, which never completes; use"
              + " rollout-stalled, readiness-failing, crash-looping or dwell");
    }
    boolean firesOnlyWhenBroken =
        type == DetectType.ROLLOUT_STALLED
            || type == DetectType.READINESS_FAILING
            || type == DetectType.CRASH_LOOPING;
    if (firesOnlyWhenBroken && changeType == ChangeType.NOOP) {
      problem(
          typeField,
          type.yamlName()
              + " never fires for a noop change, which stays healthy; use rollout-complete or"
              + " dwell");
    }
    // An unknown type allows every field, so their values are still checked.
    boolean known = type != null;
    boolean timed = type == DetectType.READINESS_FAILING || type == DetectType.DWELL;
    Duration duration =
        duration(
            s.pick(
                "for",
                !known || timed,
                timed ? "required when detect.type is " + type.yamlName() : null,
                "only allowed when detect.type is readiness-failing or dwell"));
    Integer restarts =
        integer(
            s.pick(
                "restarts",
                !known || type == DetectType.CRASH_LOOPING,
                null,
                "only allowed when detect.type is crash-looping"),
            1,
            Integer.MAX_VALUE);
    Field deadlineField =
        s.pick(
            "progressDeadline",
            !known || type == DetectType.ROLLOUT_STALLED,
            null,
            "only allowed when detect.type is rollout-stalled");
    Duration deadline = duration(deadlineField);
    // It becomes the Deployment's progressDeadlineSeconds, an integer.
    if (deadline != null && deadline.getNano() != 0) {
      problem(deadlineField, "must be whole seconds, got '" + ((ScalarNode) deadlineField.node()).getValue() + "'");
    }
    int restartsOrDefault = type == DetectType.CRASH_LOOPING ? or(restarts, 2) : 0;
    CanaryRule rule = new CanaryRuleReader(yaml, this).read(s, type == null || canary, canary, overField, over);
    return new Detect(type, duration, restartsOrDefault, deadline, above, over, rule);
  }

  private Rollback rollback(Section s, Change change, Detect detect) {
    if (s == null) {
      return null;
    }
    Field procedureField = s.get("procedure", REQUIRED);
    Procedure procedure = choice(procedureField, Procedure.class);
    ChangeType changeType = change == null ? null : change.type();
    String mismatch = procedure == null || changeType == null ? null : mismatch(procedure, changeType);
    if (mismatch != null) {
      problem(procedureField, mismatch);
    }
    String automation = procedure == null || detect == null || detect.type() == null ? null
        : automationMismatch(procedure, detect.type(), change);
    if (automation != null) {
      problem(procedureField, automation);
    }
    // An unknown procedure allows every field, so their values are still checked.
    boolean unknown = procedure == null;
    boolean undo = procedure == Procedure.ROLLOUT_UNDO;
    boolean command = procedure == Procedure.COMMAND;
    boolean forward = procedure == Procedure.ROLL_FORWARD;
    UndoTarget to =
        choice(
            s.pick("to", undo || unknown, null, "only allowed when rollback.procedure is rollout-undo"),
            UndoTarget.class);
    boolean toUnknown = to == null && (undo || unknown) && s.has("to");
    boolean toRevision = to == UndoTarget.REVISION;
    Integer revision =
        integer(
            s.pick(
                "revision",
                toRevision || toUnknown,
                toRevision ? "required when rollback.to is revision" : null,
                "only allowed when rollback.to is revision"),
            1,
            Integer.MAX_VALUE);
    boolean toCause = to == UndoTarget.CHANGE_CAUSE;
    Field causeField =
        s.pick(
            "changeCause",
            toCause || toUnknown,
            toCause ? "required when rollback.to is change-cause" : null,
            "only allowed when rollback.to is change-cause");
    String changeCause = text(causeField);
    if (changeCause != null && changeCause.isBlank()) {
      problem(causeField, "must not be blank");
    }
    boolean toImage = to == UndoTarget.IMAGE;
    Field runField =
        s.pick(
            "run",
            command || unknown,
            command ? "required when rollback.procedure is command" : null,
            "only allowed when rollback.procedure is command");
    String run = text(runField);
    if (run != null && run.isBlank()) {
      problem(runField, "must not be blank");
    }
    String notForward = "only allowed when rollback.procedure is roll-forward";
    String image =
        matching(
            s.pick("image", forward || toImage || toUnknown || unknown,
                toImage ? "required when rollback.to is image" : null,
                undo ? "only allowed when rollback.to is image or rollback.procedure is roll-forward" : notForward),
            IMAGE,
            Integer.MAX_VALUE,
            "a valid image reference (no spaces)");
    Field envField = s.pick("env", forward || unknown, null, notForward);
    Map<String, String> env = env(envField, forward, "must not be empty: it is the fix");
    if (forward && image == null && envField == null && !s.has("image")) {
      problem(
          procedureField,
          "roll-forward needs image or env (or both): the fixed release it deploys over the"
              + " broken one");
    }
    return new Rollback(procedure, undo ? or(to, UndoTarget.PREVIOUS) : null, revision, run, image, env, changeCause);
  }

  /**
   * Why {@code procedure} and the detector {@code detect} do not go together: the team's automation
   * both decides ({@code detect.type automation}) and rolls back ({@code procedure automatic}), so
   * one comes only with the other, and only for a canary it has reason to roll back; null when they go.
   */
  private static String automationMismatch(Procedure procedure, DetectType detect, Change change) {
    boolean automatic = procedure == Procedure.AUTOMATIC;
    if (automatic && detect != DetectType.AUTOMATION) {
      return "automatic leaves the rollback to the team's own automation, which also decides it;"
          + " it needs detect.type automation, got " + detect.yamlName();
    }
    if (!automatic && detect == DetectType.AUTOMATION) {
      return "detect.type automation waits for the team's automation to roll the canary back itself;"
          + " it needs rollback.procedure automatic, got " + procedure.yamlName();
    }
    if (automatic && change != null && change.type() == ChangeType.CANARY && !change.badCanary()) {
      return "automatic waits for the team's automation to roll back a bad canary, and this one has no fault or env:"
          + " nothing should roll it back; drill a healthy canary with detect.type canary-analysis and canary-abort";
    }
    return null;
  }

  /** Why {@code procedure} cannot roll back a {@code change}, or null when it can. */
  private static String mismatch(Procedure procedure, ChangeType change) {
    return switch (procedure) {
      case COMMAND -> null;
      case CANARY_ABORT, AUTOMATIC -> change == ChangeType.CANARY ? null
          : procedure.yamlName() + " takes a canary's traffic away, and change.type " + change.yamlName()
              + " makes no canary";
      case ROLLOUT_UNDO, ROLL_FORWARD -> change.newRevision()
          ? null
          : procedure.yamlName() + " needs a new Deployment revision to act on, which a " + change.yamlName()
              + " change does not make; use " + othersOf(change) + " or command";
      case BLUE_GREEN_SWITCH -> change == ChangeType.SWITCH
          ? null
          : "blue-green-switch switches a Service back after a switch change; with change.type "
              + change.yamlName() + " use " + (change == ChangeType.FLAG ? "kill-switch" : change == ChangeType.CANARY
              ? "canary-abort" : "rollout-undo") + " or command";
      case KILL_SWITCH -> change == ChangeType.FLAG
          ? null
          : "kill-switch turns a flag off after a flag change; with change.type " + change.yamlName()
              + " use " + (change == ChangeType.SWITCH ? "blue-green-switch" : change == ChangeType.CANARY ? "canary-abort"
              : "rollout-undo") + " or command";
    };
  }

  /** The procedure made for a change that is no new revision. */
  private static String othersOf(ChangeType change) {
    return switch (change) {
      case SWITCH -> "blue-green-switch";
      case CANARY -> "canary-abort";
      default -> "kill-switch";
    };
  }

  private Healthy healthy(Section s) {
    Section h = s == null ? null : section(s.get("http", null));
    if (h == null) {
      return new Healthy(null);
    }
    Integer port = integer(h.get("port", REQUIRED), 1, 65535);
    Field pathField = h.get("path", REQUIRED);
    String path = text(pathField);
    if (path != null && !path.startsWith("/")) {
      problem(pathField, "must start with '/', got '" + clip(path) + "'");
    }
    String service = matching(h.get("service", null), LABEL, 63, LABEL_RULE);
    Integer status = integer(h.get("expectStatus", null), 100, 599);
    Integer consecutive = integer(h.get("consecutive", null), 1, Integer.MAX_VALUE);
    return new Healthy(
        new HttpCheck(or(port, 0), path, service, or(status, 200), or(consecutive, 3)));
  }

  private Timeouts timeouts(Section s) {
    Timeouts d = Timeouts.defaults();
    if (s == null) {
      return d;
    }
    return new Timeouts(
        or(duration(s.get("preflight", null)), d.preflight()),
        or(duration(s.get("deploy", null)), d.deploy()),
        or(duration(s.get("detect", null)), d.detect()),
        or(duration(s.get("rollback", null)), d.rollback()),
        or(duration(s.get("healthy", null)), d.healthy()),
        or(duration(s.get("verify", null)), d.verify()));
  }

  // Value readers of the scenario's own kinds of value; the rest are the shared reader's.

  private Section section(Field f) {
    return yaml.section(f);
  }

  private String text(Field f) {
    return yaml.text(f);
  }

  private String matching(Field f, Pattern pattern, int maxLength, String rule) {
    return yaml.matching(f, pattern, maxLength, rule);
  }

  private Integer integer(Field f, int min, int max) {
    return yaml.integer(f, min, max);
  }

  private <E extends Enum<E>> E choice(Field f, Class<E> type) {
    return yaml.choice(f, YamlReader.constants(type), YamlNames::of);
  }

  /** A duration that must be greater than zero: every duration in a scenario is. */
  Duration duration(Field f) {
    String text = scalarText(f, "a duration such as \"30s\"");
    if (text == null) {
      return null;
    }
    try {
      Duration d = Durations.parse(text);
      if (!d.isZero()) {
        return d;
      }
      problem(f, "must be greater than 0, got '" + text + "'");
    } catch (IllegalArgumentException e) {
      problem(f, e.getMessage());
    }
    return null;
  }

  /**
   * The text of a value written as text or as a number (which the caller then explains: "30" has
   * no unit); anything else, a list or a tagged value, is not {@code expected}.
   */
  String scalarText(Field f, String expected) {
    if (f == null) {
      return null;
    }
    if (f.node() instanceof ScalarNode s
        && (Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
      return s.getValue();
    }
    problem(f, "expected " + expected + ", got " + YamlReader.describe(f.node()));
    return null;
  }

  private void problem(Field f, String message) {
    yaml.problem(f, message);
  }

  private void problem(int line, String field, String message) {
    yaml.problem(line, field, message);
  }

  private static String clip(String s) {
    return YamlReader.clip(s);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
