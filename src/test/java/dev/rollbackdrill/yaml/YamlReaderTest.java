package dev.rollbackdrill.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.yaml.YamlReader.Field;
import dev.rollbackdrill.yaml.YamlReader.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;

/** The wording every loader shares: the same mistake reads the same in a scenario and in a plan. */
class YamlReaderTest {

  private static final YamlFiles.Kind KIND = new YamlFiles.Kind("test", 1 << 16, "64 KiB", "fields", "one");
  private static final Map<String, List<String>> KNOWN = Map.of(
      "", List.of("name", "items", "nested", "count", "kind"),
      "items[]", List.of("id"),
      "nested", List.of("deploy", "verify"));

  private final List<Problem> problems = new ArrayList<>();

  private Section top(String yaml) {
    MappingNode root = YamlFiles.compose(yaml, KIND, YamlReader::describe,
        (line, message) -> problems.add(new Problem("f.yaml", line, "", message)));
    return new YamlReader("f.yaml", problems, KNOWN).top(root);
  }

  private List<String> problems() {
    return problems.stream().map(Problem::toString).toList();
  }

  @Test
  void anUnknownFieldGetsTheClosestNameOrElseTheKnownOnes() {
    YamlReader reader = new YamlReader("f.yaml", problems, KNOWN);
    Section top = top("name: a\nnested:\n  deplyo: 1\n  warmup: 2\nitems:\n  - {id: 1, idd: 2}\n");
    reader.section(top.get("nested", null));
    // A list item's keys are checked as items[] (drills[] in a plan).
    reader.list(top.get("items", null), "a list").forEach(reader::section);

    assertThat(problems()).containsExactly(
        "f.yaml:3 nested.deplyo: unknown field; did you mean 'deploy'?",
        "f.yaml:4 nested.warmup: unknown field; expected deploy, verify",
        "f.yaml:6 items[0].idd: unknown field; did you mean 'id'?");
  }

  @Test
  void aMissingFieldIsReportedAtItsMappingsKeyAndAnEmptyOneAtItsOwn() {
    YamlReader reader = new YamlReader("f.yaml", problems, KNOWN);
    Section top = top("name:\nnested:\n  verify: 1\n");
    top.get("name", YamlReader.REQUIRED);
    reader.section(top.get("nested", null)).get("deploy", YamlReader.REQUIRED);
    top.get("count", "required when kind is counted");

    assertThat(problems()).containsExactly(
        "f.yaml:1 name: required field is empty",
        "f.yaml:2 nested.deploy: required field missing",
        "f.yaml:1 count: required when kind is counted");
  }

  @Test
  void valuesOfTheWrongKindAreNamedAndNumbersWhereTextBelongsGetAQuotingHint() {
    YamlReader reader = new YamlReader("f.yaml", problems, KNOWN);
    Section top = top("name: 8080\nitems: x\nnested: [a]\ncount: \"3\"\nkind: 2026-12-01\n");
    reader.text(top.get("name", null));
    reader.list(top.get("items", null), "a list of items");
    reader.section(top.get("nested", null));
    reader.integer(top.get("count", null), 1, 10);
    reader.choice(top.get("kind", null), List.of("a", "b"), k -> k);

    assertThat(problems()).containsExactly(
        "f.yaml:1 name: expected text, got number 8080; write \"8080\" if it is meant as text",
        "f.yaml:2 items: expected a list of items, got text 'x'",
        "f.yaml:3 nested: expected a mapping, got a list",
        "f.yaml:4 count: expected a whole number, got text '3'",
        "f.yaml:5 kind: unknown value '2026-12-01'; expected one of a, b");
  }

  @Test
  void aProblemIsOneLineAndAHugeValueIsClipped() {
    YamlReader reader = new YamlReader("f.yaml", problems, KNOWN);
    Section top = top("name: \"two\\nlines\"\nkind: " + "x".repeat(100) + "\n");
    reader.matching(top.get("name", null), Pattern.compile("[a-z]+"), 63, "a name");
    reader.choice(top.get("kind", null), List.of("a"), k -> k);

    assertThat(problems()).containsExactly(
        "f.yaml:1 name: 'two\\nlines' is not a name",
        "f.yaml:2 kind: unknown value '" + "x".repeat(57) + "...'; expected one of a");
  }

  @Test
  void duplicateFieldsAndFieldsNotAllowedAreReportedAtTheirKeys() {
    Section top = top("name: a\nname: b\ncount: 3\n");
    Field name = top.get("name", null);
    top.pick("count", false, null, "only allowed when kind is counted");

    assertThat(YamlReader.line(name.node())).isEqualTo(1);
    assertThat(problems()).containsExactly(
        "f.yaml:2 name: duplicate field; first defined on line 1",
        "f.yaml:3 count: only allowed when kind is counted");
  }
}
