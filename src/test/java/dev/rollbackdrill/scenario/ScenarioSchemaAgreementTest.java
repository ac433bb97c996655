package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema validates every example, and agrees with the loader ({@link SchemaAgreement}) on the
 * examples and on InvalidScenarioIT's cases. The loader tests and the fuzz test check the same
 * agreement on every file they feed the loader.
 */
class ScenarioSchemaAgreementTest {

  @TempDir Path dir;

  @Test
  void everyExampleIsValidAgainstTheSchema() throws IOException {
    List<Path> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
    for (Path example : examples) {
      assertThat(SchemaAgreement.schemaErrors(example)).as(example.toString()).isEmpty();
    }
  }

  @Test
  void theSchemaAndTheLoaderAgreeOnEveryCaseOfInvalidScenarioIt() throws Exception {
    Map<String, String[]> cases = invalidScenarioItCases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(28);
    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      Path file = Files.writeString(dir.resolve(c.getKey() + ".yaml"), c.getValue()[0].replace("NS", "drill-demo"));
      List<Problem> problems = problems(file);
      assertThat(problems).as(c.getKey()).isNotEmpty();
      String why = SchemaAgreement.disagreement(file, problems);
      if (why != null) {
        disagreements.add(c.getKey() + ": " + why);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void aStructuralMistakeTheSchemaMissedWouldBeCaught() throws IOException {
    // The check itself: a loader problem that is not semantic, on a file the schema accepts.
    Path file = Files.writeString(dir.resolve("ok.yaml"), Files.readString(examples().get(0)));
    List<Problem> invented = List.of(new Problem(file.toString(), 1, "name", "not a name"));

    assertThat(SchemaAgreement.disagreement(file, invented)).contains("but the schema accepts it");
    assertThat(SchemaAgreement.disagreement(file, List.of())).isNull();
  }

  @Test
  void theSchemaSeesValuesAsTheLoaderDoes() {
    // SnakeYAML's YAML 1.1: on is a boolean, 0x1F no decimal number, an empty field absent.
    assertThat(SchemaAgreement.json("a: on\nb: 0x1F\nc: \"8\"\nd: 8\ne: 2026-12-01\ndescription:\n").toString())
        .isEqualTo("{\"a\":true,\"b\":{\"!tag:yaml.org,2002:int\":\"0x1F\"},\"c\":\"8\",\"d\":8,"
            + "\"e\":{\"!tag:yaml.org,2002:timestamp\":\"2026-12-01\"}}");
  }

  @Test
  void aTrailingLineBreakBreaksAPatternForTheSchemaAsForTheLoader() throws IOException {
    // JSON Schema patterns are ECMAScript's, where $ is the very end; Java's $ also matches before a final break.
    String yaml = Files.readString(examples().get(0)).replaceFirst("(?m)^name: (.*)$", "name: \"$1\\\\n\"");
    Path file = Files.writeString(dir.resolve("break.yaml"), yaml);

    assertThat(problems(file)).extracting(Problem::field).containsExactly("name");
    assertThat(SchemaAgreement.disagreement(file, problems(file))).isNull();
  }

  /** Values where YAML 1.1, JSON and Java regular expressions could part ways. */
  @Test
  void theSchemaAndTheLoaderAgreeOnEdgesTheOtherTestsMiss() throws IOException {
    String base = Files.readString(ExampleScenariosTest.scenariosFolder().resolve("blue-green-switch.yaml"));
    Map<String, String[]> edges = new LinkedHashMap<>();
    edges.put("float-whole-number", new String[] {"slo: 15s", "slo: 15s\niterations: 3.0"});
    edges.put("octal-like-number", new String[] {"slo: 15s", "slo: 15s\niterations: 010"});
    edges.put("hex-number", new String[] {"    port: 8080", "    port: 0x1F90"});
    edges.put("long-label-key", new String[] {"label: color", "label: " + "a".repeat(250) + ".com/" + "b".repeat(63)});
    edges.put("empty-optional-field", new String[] {"description: ", "description:\nx: "});
    edges.put("empty-description", new String[] {"description: Service switched to a broken colour, detected by its error"
        + " rate, switched back.", "description:"});
    edges.put("yaml11-boolean-colour", new String[] {"to: green", "to: on"});
    edges.put("tagged-choice", new String[] {"type: switch", "type: !custom switch"});
    edges.put("tagged-duration", new String[] {"slo: 15s", "slo: !custom 15s"});
    edges.put("sub-nanosecond-slo", new String[] {"slo: 15s", "slo: 0.0000001ms"});
    edges.put("huge-revision-count", new String[] {"    port: 8080", "    port: 8080\n    consecutive: 99999999999"});
    edges.put("flow-env-null", new String[] {"slo: 15s", "slo: 15s\ntimeouts: {deploy: }"});
    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, String[]> e : edges.entrySet()) {
      assertThat(base).as(e.getKey()).contains(e.getValue()[0]);
      Path file = Files.writeString(dir.resolve(e.getKey() + ".yaml"), base.replace(e.getValue()[0], e.getValue()[1]));
      String why = SchemaAgreement.disagreement(file, problems(file));
      if (why != null) {
        disagreements.add(e.getKey() + ": " + why);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /** Every scenario file in {@code scenarios/} and {@code scenarios/examples/}. */
  static List<Path> examples() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path folder : List.of(ExampleScenariosTest.scenariosFolder(), ExampleScenariosTest.scenariosFolder().resolve("examples"))) {
      try (Stream<Path> list = Files.list(folder)) {
        list.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  /** The IT's cases, read from it (it needs a cluster to run, but its cases are plain text). */
  @SuppressWarnings("unchecked")
  private static Map<String, String[]> invalidScenarioItCases() throws ReflectiveOperationException {
    Method cases = Class.forName("dev.rollbackdrill.cli.InvalidScenarioIT").getDeclaredMethod("cases");
    cases.setAccessible(true);
    return (Map<String, String[]>) cases.invoke(null);
  }

  private static List<Problem> problems(Path file) {
    try {
      ScenarioLoader.load(file);
      return List.of();
    } catch (ScenarioException e) {
      return e.problems();
    }
  }
}
