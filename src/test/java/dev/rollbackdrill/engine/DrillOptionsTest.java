package dev.rollbackdrill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollbackdrill.cluster.ClusterProviders;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.ConfigurationParameters;

class DrillOptionsTest {

  private static final DrillOptions EVERYTHING = DrillOptions.DEFAULTS
      .withCluster("context:staging")
      .withKubeconfig(Path.of("ci/kubeconfig"))
      .withIterations(3)
      .withDrills(Path.of("team/drills"))
      .withExecutedBy("alice")
      .withAllowedNamespaces(List.of("team-a", "team-b"))
      .withAs("system:serviceaccount:oncall:rollback", List.of("oncall"))
      .withProduction(true, List.of("eu-main"))
      .withScenarios(List.of(Path.of("scenarios/noop-undo.yaml"), Path.of("scenarios")));

  /** Configuration parameters holding exactly {@code map}, as a launcher request with only those keys. */
  static ConfigurationParameters parameters(Map<String, String> map) {
    return new ConfigurationParameters() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(map.get(key));
      }

      @Override
      public Optional<Boolean> getBoolean(String key) {
        return get(key).map(Boolean::parseBoolean);
      }

      @Override
      public Set<String> keySet() {
        return map.keySet();
      }
    };
  }

  private static DrillOptions roundTrip(DrillOptions o) {
    return DrillOptions.from(parameters(o.toConfigurationParameters()));
  }

  private static DrillOptions from(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return DrillOptions.from(parameters(map));
  }

  @Test
  void theEngineReadsBackExactlyTheOptionsTheCommandLineWrote() {
    assertThat(roundTrip(EVERYTHING)).isEqualTo(EVERYTHING);
    assertThat(roundTrip(DrillOptions.DEFAULTS)).isEqualTo(DrillOptions.DEFAULTS);
    assertThat(roundTrip(DrillOptions.DEFAULTS.withDrills(null).withAs(null, List.of("g")))).isEqualTo(
        DrillOptions.DEFAULTS.withDrills(null).withAs(null, List.of("g")));
    assertThat(roundTrip(EVERYTHING).runnerOptions()).isEqualTo(EVERYTHING.runnerOptions());
  }

  @Test
  void theConfigurationParametersAreTheDocumentedKeys() {
    assertThat(EVERYTHING.toConfigurationParameters()).containsExactly(
        Map.entry("rollbackdrill.cluster", "context:staging"),
        Map.entry("rollbackdrill.drills", "team/drills"),
        Map.entry("rollbackdrill.allowProduction", "true"),
        Map.entry("rollbackdrill.productionPatterns", "eu-main"),
        Map.entry("rollbackdrill.iterations", "3"),
        Map.entry("rollbackdrill.kubeconfig", "ci/kubeconfig"),
        Map.entry("rollbackdrill.allowNamespaces", "team-a,team-b"),
        Map.entry("rollbackdrill.as", "system:serviceaccount:oncall:rollback"),
        Map.entry("rollbackdrill.asGroups", "oncall"),
        Map.entry("rollbackdrill.executedBy", "alice"),
        Map.entry("rollbackdrill.scenarios", "scenarios/noop-undo.yaml,scenarios"));
  }

  @Test
  void theGuardsKeysAreAlwaysWrittenSoNothingElseCanLoosenThem() {
    assertThat(DrillOptions.DEFAULTS.toConfigurationParameters()).containsExactly(
        Map.entry(Constants.CLUSTER, "embedded"),
        Map.entry(Constants.DRILLS, "drills"),
        Map.entry(Constants.ALLOW_PRODUCTION, "false"),
        Map.entry(Constants.PRODUCTION_PATTERNS, ""));
  }

  @Test
  void missingKeysAreTheDefaults() {
    assertThat(from()).isEqualTo(DrillOptions.DEFAULTS);
    assertThat(from().executedBy()).isNull();
    assertThat(from().iterations()).isNull();
    assertThat(from().drills()).isEqualTo(Path.of("drills"));
    assertThat(from().refusal(ClusterProviders.of("in-cluster:prod"))).contains("looks like production");
  }

  @Test
  void listEntriesAreSplitAtCommasTrimmedAndDeduplicatedOnBothSides() {
    DrillOptions typed = DrillOptions.DEFAULTS.withAllowedNamespaces(List.of(" team-a,team-b ", "team-a", " ", "team-c"));
    DrillOptions read = from(Constants.ALLOW_NAMESPACES, " team-a, team-b,,team-a ,team-c");

    assertThat(typed.allowedNamespaces()).containsExactly("team-a", "team-b", "team-c");
    assertThat(read).isEqualTo(typed);
    assertThat(typed.runnerOptions().allowedNamespaces()).containsExactlyInAnyOrder("team-a", "team-b", "team-c");
  }

  @Test
  void theHistoryFolderNoneRecordsNothing() {
    assertThat(DrillOptions.DEFAULTS.withDrills(Path.of("none"))).isEqualTo(DrillOptions.DEFAULTS.withDrills(null));
    assertThat(from(Constants.DRILLS, "none").drills()).isNull();
    assertThat(DrillOptions.DEFAULTS.withDrills(null).toConfigurationParameters()).containsEntry(Constants.DRILLS, "none");
  }

  @Test
  void extraProductionPatternsComeOnTopOfTheDefaultsAndOnlyTheOverrideLetsSuchAClusterThrough() {
    DrillOptions payments = from(Constants.PRODUCTION_PATTERNS, "eu-main, payments");

    assertThat(payments.productionPatterns()).containsExactly("eu-main", "payments");
    assertThat(payments.refusal(ClusterProviders.of("in-cluster:payments"))).contains("matches 'payments'");
    assertThat(payments.refusal(ClusterProviders.of("in-cluster:live"))).contains("matches 'live'");
    assertThat(payments.refusal(ClusterProviders.of("in-cluster:staging"))).isNull();
    assertThat(from(Constants.PRODUCTION_PATTERNS, "payments", Constants.ALLOW_PRODUCTION, " TRUE ")
        .refusal(ClusterProviders.of("in-cluster:payments"))).isNull();
  }

  @Test
  void aValueThatDoesNotParseIsRefusedNamingItsKeyAndValue() {
    assertThatThrownBy(() -> from(Constants.ITERATIONS, "three"))
        .isInstanceOf(DrillOptions.InvalidOption.class)
        .hasMessage("rollbackdrill.iterations=three: must be a whole number between 1 and 100");
    assertThatThrownBy(() -> from(Constants.ITERATIONS, "0"))
        .hasMessage("rollbackdrill.iterations=0: must be between 1 and 100");
    assertThatThrownBy(() -> from(Constants.ITERATIONS, "101"))
        .hasMessage("rollbackdrill.iterations=101: must be between 1 and 100");
    assertThatThrownBy(() -> from(Constants.ALLOW_PRODUCTION, "yes"))
        .hasMessage("rollbackdrill.allowProduction=yes: must be true or false");
    assertThatThrownBy(() -> from(Constants.ALLOW_PRODUCTION, ""))
        .hasMessage("rollbackdrill.allowProduction=: must be true or false");
    assertThatThrownBy(() -> from(Constants.KUBECONFIG, "a\0b"))
        .isInstanceOf(DrillOptions.InvalidOption.class)
        .hasMessageStartingWith("rollbackdrill.kubeconfig=a\0b: not a path: ");
  }

  @Test
  void typedValuesOutOfRangeAreRefusedWithTheProblemAloneForTheCommandLinesWording() {
    for (int bad : new int[] {0, -1, 101}) {
      assertThatThrownBy(() -> DrillOptions.DEFAULTS.withIterations(bad))
          .isInstanceOfSatisfying(DrillOptions.InvalidOption.class, e -> {
            assertThat(e.key()).isEqualTo(Constants.ITERATIONS);
            assertThat(e.problem()).isEqualTo("must be between 1 and 100");
          });
    }
    assertThat(DrillOptions.DEFAULTS.withIterations(100).iterations()).isEqualTo(100);
    assertThatThrownBy(() -> DrillOptions.DEFAULTS.withScenarios(List.of(Path.of("a,b.yaml"))))
        .isInstanceOfSatisfying(DrillOptions.InvalidOption.class,
            e -> assertThat(e.key()).isEqualTo(Constants.SCENARIOS));
  }
}
