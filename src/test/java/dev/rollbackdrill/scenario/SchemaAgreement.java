package dev.rollbackdrill.scenario;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.rollbackdrill.yaml.Problem;
import dev.rollbackdrill.yaml.YamlFiles;
import dev.rollbackdrill.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks that {@code scenarios/scenario.schema.json} and the loader agree on a file: what the
 * loader accepts the schema accepts, and what the loader rejects for a structural reason (a
 * missing, unknown or misplaced field, a value of the wrong kind or outside its pattern, range or
 * list, a field that does not fit the change or procedure) the schema rejects too. The loader is
 * the authority; the schema is its mirror. Two kinds of loader problem need no mirror: those of
 * the YAML itself, which JSON cannot express (syntax, a duplicate field, a second document), and
 * the {@link #SEMANTIC} value rules the schema does not state.
 *
 * <p>The schema sees a file the way the loader does: composed by SnakeYAML 1.1 with the loader's
 * limits, so {@code on} is a boolean and {@code 0x1F} is no decimal number, and an empty known
 * field is absent, as the loader reads it.
 */
final class SchemaAgreement {

  /** The loader's rules on values that the schema leaves to the loader, by their messages. */
  static final List<Pattern> SEMANTIC = List.of(
      // the schema refuses 0s, but not a duration that rounds down to zero nanoseconds
      Pattern.compile("must be greater than 0, got '"),
      Pattern.compile("^duration '.*' is too large$"),
      Pattern.compile("^must be whole seconds, got '"),
      Pattern.compile("^must be greater than 0% and less than 100%, got '"),
      Pattern.compile("^must be greater than 0 and at most \\d+/s"),
      Pattern.compile(" window at .* holds fewer than \\d+ requests"),
      Pattern.compile(" window at .* per track holds \\d+ samples per track, fewer than minSamples \\d+"),
      // a schema cannot compare two durations
      Pattern.compile("^longer than the injection lasts \\(for "),
      Pattern.compile("^at most 1m00s for api-unavailable: "),
      // a schema cannot see whether a file exists
      Pattern.compile("^file not found: "));

  private static final YamlFiles.Kind KIND =
      new YamlFiles.Kind("scenario", ScenarioLoader.MAX_BYTES, "1 MiB", "a scenario mapping", "one");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern WHOLE_FLOAT = Pattern.compile("expected a whole number, got number (\\S+)");
  private static final Schema SCHEMA = readSchema();

  private SchemaAgreement() {}

  private static Schema readSchema() {
    try (InputStream in = Files.newInputStream(ExampleScenariosTest.scenariosFolder().resolve("scenario.schema.json"))) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the schema says about a file: its errors, empty when valid; null when it has no JSON form. */
  static List<String> schemaErrors(Path file) throws IOException {
    JsonNode json = json(Files.readString(file));
    return json == null ? null : SCHEMA.validate(json).stream().map(Error::toString).toList();
  }

  /**
   * Throws an AssertionError that names the disagreement when the schema and the loader (whose
   * {@code problems} these are, empty when it loaded the file) disagree on {@code file}.
   */
  static void assertAgrees(Path file, List<Problem> problems) {
    String why = disagreement(file, problems);
    if (why != null) {
      throw new AssertionError(why);
    }
  }

  /** Why the schema and the loader disagree on {@code file}, or null when they agree. */
  static String disagreement(Path file, List<Problem> problems) {
    List<String> errors;
    try {
      errors = Files.size(file) > ScenarioLoader.MAX_BYTES ? null : schemaErrors(file);
    } catch (IOException | RuntimeException e) {
      errors = null; // not UTF-8, or no JSON form: the loader must have refused the file itself
    }
    if (errors == null) {
      // Not UTF-8, no mapping, a recursive alias: JSON has no such thing, and the loader must refuse it.
      return problems.isEmpty() ? "the loader accepts " + file + ", which has no JSON form for the schema" : null;
    }
    List<Problem> structural = problems.stream().filter(p -> !ofTheYaml(p) && !semantic(p)).toList();
    if (problems.isEmpty() && !errors.isEmpty()) {
      return "the loader accepts " + file + " but the schema rejects it: " + errors;
    }
    if (!structural.isEmpty() && errors.isEmpty()) {
      return "the loader rejects " + file + " (" + structural + ") but the schema accepts it";
    }
    return null;
  }

  /**
   * A problem of the YAML itself, which a schema of its JSON form cannot see; and a number written
   * as {@code 3.0}, which the loader refuses as a whole number, but which is one to JSON Schema.
   */
  static boolean ofTheYaml(Problem p) {
    Matcher number = WHOLE_FLOAT.matcher(p.message());
    return p.field().isEmpty()
        || p.message().startsWith("duplicate field;")
        || p.message().startsWith("field names must be plain text")
        || number.matches() && isWhole(number.group(1));
  }

  private static boolean isWhole(String number) {
    try {
      return new BigDecimal(number).stripTrailingZeros().scale() <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean semantic(Problem p) {
    return SEMANTIC.stream().anyMatch(rule -> rule.matcher(p.message()).find());
  }

  /** The YAML's first document as the loader reads it, in JSON; null when it has none. */
  static JsonNode json(String yaml) {
    List<String> problems = new ArrayList<>();
    MappingNode root = YamlFiles.compose(yaml, KIND, YamlReader::describe, (line, message) -> problems.add(message));
    return root == null ? null : json(root, "", new IdentityHashMap<>());
  }

  private static JsonNode json(Node node, String path, Map<Node, Boolean> open) {
    if (open.put(node, Boolean.TRUE) != null) {
      throw new IllegalArgumentException("a recursive alias has no JSON form");
    }
    try {
      if (node instanceof MappingNode m) {
        // An empty known field is absent to the loader; an unknown one, or one in env, is not.
        List<String> known = ScenarioReader.KNOWN_KEYS.getOrDefault(path, List.of());
        ObjectNode object = JSON.objectNode();
        Set<String> keys = new HashSet<>();
        for (NodeTuple t : m.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k) || !keys.add(k.getValue())) {
            continue; // a problem of the YAML: the loader reports it; it keeps the first of duplicates
          }
          Node value = t.getValueNode();
          if (known.contains(k.getValue()) && value instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
            continue;
          }
          String child = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
          object.set(k.getValue(), json(value, child, open));
        }
        return object;
      }
      if (node instanceof SequenceNode seq) {
        ArrayNode array = JSON.arrayNode();
        for (Node item : seq.getValue()) {
          array.add(json(item, path + "[]", open));
        }
        return array;
      }
      return scalar((ScalarNode) node);
    } finally {
      open.remove(node);
    }
  }

  private static JsonNode scalar(ScalarNode s) {
    Tag tag = s.getTag();
    String v = s.getValue();
    if (Tag.STR.equals(tag)) {
      return JSON.stringNode(v);
    } else if (Tag.NULL.equals(tag)) {
      return JSON.nullNode();
    } else if (Tag.BOOL.equals(tag)) {
      return JSON.booleanNode(List.of("true", "yes", "on").contains(v.toLowerCase(Locale.ROOT)));
    } else if (Tag.INT.equals(tag) && DECIMAL.matcher(v).matches()) {
      return JSON.numberNode(new BigInteger(v));
    } else if (Tag.FLOAT.equals(tag) && v.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
      return JSON.numberNode(new BigDecimal(v));
    }
    // 0x1F, 1_000, .inf, a date, !!binary, !custom: no JSON value means the same, so a mapping
    // that no field of the schema accepts (its one key is no field name nor variable name).
    ObjectNode tagged = JSON.objectNode();
    tagged.set("!" + tag.getValue(), JSON.stringNode(v));
    return tagged;
  }
}
