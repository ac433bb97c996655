package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps {@code scenarios/scenario.schema.json} from drifting away from the loader. */
class ScenarioSchemaTest {

  private static final Set<String> CONDITIONS = Set.of("allOf", "if", "then", "else", "not");

  private static JsonNode schema;

  @BeforeAll
  static void readSchema() throws IOException {
    schema =
        new ObjectMapper()
            .readTree(
                ExampleScenariosTest.scenariosFolder().resolve("scenario.schema.json").toFile());
  }

  @Test
  void identifiesItselfAsDraft202012() {
    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("$id").asText())
        .isEqualTo("https://rollback-drill.dev/scenario.schema.json");
  }

  @Test
  void enumsHoldExactlyTheJavaEnumsYamlNames() {
    assertThat(enumAt("/properties/change/properties/type"))
        .containsExactlyInAnyOrderElementsOf(names(ChangeType.values(), ChangeType::yamlName));
    assertThat(enumAt("/properties/change/properties/fault"))
        .containsExactlyInAnyOrderElementsOf(names(Fault.values(), Fault::yamlName));
    assertThat(enumAt("/properties/detect/properties/type"))
        .containsExactlyInAnyOrderElementsOf(names(DetectType.values(), DetectType::yamlName));
    assertThat(enumAt("/properties/rollback/properties/procedure"))
        .containsExactlyInAnyOrderElementsOf(names(Procedure.values(), Procedure::yamlName));
    assertThat(enumAt("/properties/rollback/properties/to"))
        .containsExactlyInAnyOrderElementsOf(names(UndoTarget.values(), UndoTarget::yamlName));
    assertThat(enumAt("/properties/chaos/items/properties/kind"))
        .containsExactlyInAnyOrderElementsOf(names(ChaosKind.values(), ChaosKind::yamlName));
    assertThat(enumAt("/properties/target/properties/fixture"))
        .containsExactlyInAnyOrderElementsOf(names(Fixture.values(), Fixture::yamlName));
  }

  @Test
  void propertiesMatchTheLoadersKnownFieldsInEveryMapping() {
    for (Map.Entry<String, List<String>> section : ScenarioReader.KNOWN_KEYS.entrySet()) {
      String pointer =
          Stream.of(section.getKey().split("\\."))
                  .filter(s -> !s.isEmpty())
                  .map(ScenarioSchemaTest::pointerOf)
                  .reduce("", String::concat)
              + "/properties";
      List<String> names = new ArrayList<>();
      schema.at(pointer).fieldNames().forEachRemaining(names::add);
      assertThat(names).as(pointer).containsExactlyInAnyOrderElementsOf(section.getValue());
    }
  }

  @Test
  void everyMappingRefusesUnknownFields() {
    for (String section : ScenarioReader.KNOWN_KEYS.keySet()) {
      String pointer =
          Stream.of(section.split("\\."))
              .filter(s -> !s.isEmpty())
              .map(ScenarioSchemaTest::pointerOf)
              .reduce("", String::concat);
      assertThat(schema.at(pointer + "/additionalProperties").asBoolean(true))
          .as(pointer)
          .isFalse();
    }
  }

  /** The schema pointer of one segment of a known-keys path: {@code chaos[]} is the items of list {@code chaos}. */
  private static String pointerOf(String segment) {
    return segment.endsWith("[]") ? "/properties/" + segment.substring(0, segment.length() - 2) + "/items"
        : "/properties/" + segment;
  }

  @Test
  void everyPropertyIsDescribed() {
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(schema, "", undescribed);

    assertThat(undescribed).isEmpty();
  }

  @Test
  void durationPatternIsTheLoaders() {
    assertThat(schema.at("/$defs/duration/pattern").asText()).isEqualTo(Durations.PATTERN);
  }

  private static void collectUndescribed(JsonNode node, String pointer, List<String> out) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String child = pointer + "/" + e.getKey();
      if (e.getKey().equals("properties")) {
        for (Map.Entry<String, JsonNode> property : e.getValue().properties()) {
          if (!property.getValue().has("description")) {
            out.add(child + "/" + property.getKey());
          }
        }
      }
      // Conditions restate properties only to constrain them; they need no descriptions.
      if (!CONDITIONS.contains(e.getKey())) {
        collectUndescribed(e.getValue(), child, out);
      }
    }
  }

  private static List<String> enumAt(String pointer) {
    List<String> values = new ArrayList<>();
    schema.at(pointer + "/enum").forEach(v -> values.add(v.asText()));
    assertThat(values).as(pointer).isNotEmpty();
    return values;
  }

  private static <E> List<String> names(E[] constants, Function<E, String> yamlName) {
    return Arrays.stream(constants).map(yamlName).toList();
  }
}
