package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.YamlFuzz;
import dev.rollbackdrill.testing.YamlMutation;
import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the example scenarios, fed to {@link ScenarioLoader#load}: every
 * input is either a valid scenario or rejected with problems that each name the file, a line that
 * exists and a message. Nothing else may come out: no other exception, no stack trace, no problem
 * without a place. And the schema must agree with the loader on each input ({@link
 * SchemaAgreement}). The seed is fixed, so a failure reproduces; the failing input is printed.
 */
class ScenarioFuzzTest {

  private static final long SEED = 20240606L;
  private static final int INPUTS = 6000;

  @TempDir Path dir;

  /** Small pieces of hostile or confusing YAML to splice in. */
  static final List<String> TOKENS = List.of(
      "", "~", "null", "true", "no", "yes", "0", "-1", "1e309", "0x1F", "0o17", ".inf", "-.nan", "9223372036854775808",
      "99999999999999999999999", "3.14", "30", "30s", "-5s", "1h1h", "0s", "10ms", "P1D", "[]", "{}", "[a, b, [c]]",
      "{a: 1, b: [2]}", "\"quoted\"", "'single'", "\"unterminated", "'", "\"\\x00\"", "|", ">-", "&anchor", "*anchor",
      "*undefined", "!!binary aGVsbG8=", "!!python/object:os.system ls", "!!set {a, b}", "!!timestamp 2001-12-14",
      "!custom x", "<<: *anchor", "? complex key", "- item", "---", "...", "%YAML 1.1", "#comment", "key: value: more",
      "a: &x [*x]", "\t", "日本語", "🚀", "\u202Eevil", "\u0000", "\u0007", "\u001B[31m", "\uFEFF", "\u2028", "\\",
      "rollout-undo", "command", "revision", "broken", "noop", "crash-on-start", "readiness-failing", "demo",
      // what issue 5 added: loads, error rates, switches, flags, roll-forward
      "5%", "0%", "100%", "150%", "-5%", "5.5%", "5 %", "%", "10/s", "600/m", "0/s", "101/s", "1/h", "10/", "/s",
      "error-rate", "dwell", "switch", "flag", "blue-green-switch", "kill-switch", "roll-forward", "blue-green",
      "feature-flag", "color", "green", "on", "off", "rollback-drill/demo:v3", "image:with:colons", "UPPER:Case",
      "/cgi-bin/app", "no-leading-slash", "65536", "{DEMO_FAULT: none}", "{\"\": x}");

  static final List<String> KEYS = List.of(
      "name", "description", "tags", "target", "namespace", "deployment", "container", "fixture", "change", "type",
      "fault", "image", "env", "changeCause", "detect", "for", "restarts", "progressDeadline", "rollback", "procedure",
      "to", "revision", "run", "healthy", "http", "port", "path", "service", "expectStatus", "consecutive", "slo",
      "iterations", "timeouts", "preflight", "deploy", "verify", "<<", "?", "", "nаme" /* Cyrillic a */,
      // issue 5's fields
      "load", "rate", "above", "over", "label", "configMap", "key", "value", "timeout", "maxDuration", "maxRequests",
      "configmap", "config_map", "lable", "ovr");

  static final YamlMutation.Vocabulary VOCABULARY = new YamlMutation.Vocabulary(KEYS, TOKENS);

  @Test
  void randomMutationsOfTheExamplesAreLoadedOrRejectedWithFileLineAndMessage() throws IOException {
    List<String> seeds = examples();
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(5);
    YamlFuzz.Outcome o = YamlFuzz.run(dir, "fuzz", seeds, SEED, INPUTS, VOCABULARY, file -> {
      List<Problem> found = problemsOf(file);
      if (found == null) {
        throw new AssertionError("ScenarioException without problems");
      }
      SchemaAgreement.assertAgrees(file, found);
      return found;
    }, named -> null);
    System.out.println(o.summary("ScenarioFuzzTest", INPUTS, SEED));
    assertThat(o.failures()).as(o.failures().size() + " inputs broke the loader's contract").isEmpty();
    assertThat(o.accepted() + o.rejected()).isEqualTo(INPUTS);
    // The mutations must mostly break things, or the test proves little.
    assertThat(o.rejected()).isGreaterThan(INPUTS / 2);
  }

  /** The scenario's problems, empty when it loaded; null for a ScenarioException without any. */
  private static List<Problem> problemsOf(Path file) {
    try {
      ScenarioLoader.load(file);
      return List.of();
    } catch (ScenarioException e) {
      return e.problems().isEmpty() ? null : e.problems();
    }
  }

  @Test
  void aControlCharacterIsNamedAndReportedAtItsLine() throws IOException {
    Path file = dir.resolve("bell.yaml");
    Files.writeString(file, "name: bell\ndescription: fine\ntags: [a\u0007b]\n");

    assertThat(problems(file)).containsExactly(file + ":3 character U+0007 is not allowed in YAML; remove it, "
        + "or write it as an escape in a double-quoted string");
  }

  private static List<String> problems(Path file) {
    try {
      ScenarioLoader.load(file);
      return List.of();
    } catch (ScenarioException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  private static List<String> examples() throws IOException {
    Path folder = ExampleScenariosTest.scenariosFolder();
    try (Stream<Path> files = Files.list(folder)) {
      List<String> texts = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        texts.add(Files.readString(p));
      }
      return texts;
    }
  }
}
