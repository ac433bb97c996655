package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.YamlMutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the example scenarios, fed to {@link ScenarioLoader#load}: every
 * input is either a valid scenario or rejected with problems that each name the file, a line that
 * exists and a message. Nothing else may come out: no other exception, no stack trace, no problem
 * without a place. The seed is fixed, so a failure reproduces; the failing input is printed.
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
    Random random = new Random(SEED);
    Map<String, Integer> byOperator = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    int problems = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = seeds.get(random.nextInt(seeds.size()));
      int mutations = 1 + random.nextInt(4);
      List<String> applied = new ArrayList<>();
      for (int m = 0; m < mutations; m++) {
        YamlMutation op = YamlMutation.values()[random.nextInt(YamlMutation.values().length)];
        text = op.apply(text, random, VOCABULARY);
        applied.add(op.name());
        byOperator.merge(op.name(), 1, Integer::sum);
      }
      Path file = dir.resolve("fuzz-" + i + ".yaml");
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(50) == 0) {
        // Not UTF-8 at all: a stray Latin-1 byte or a truncated multi-byte sequence.
        bytes = YamlMutation.withInvalidUtf8(bytes, random);
        applied.add("INVALID_UTF8");
      }
      Files.write(file, bytes);
      int lines = YamlMutation.lineBreaks(new String(bytes, StandardCharsets.UTF_8)) + 1;
      try {
        ScenarioLoader.load(file);
        accepted++;
      } catch (ScenarioException e) {
        rejected++;
        problems += e.problems().size();
        if (e.problems().isEmpty()) {
          failures.add(describe(i, applied, text, "ScenarioException without problems"));
        }
        for (Problem p : e.problems()) {
          String why = p.file() == null || !p.file().equals(file.toString()) ? "problem names file " + p.file()
              : p.line() < 1 ? "problem line " + p.line() + " < 1"
              : p.line() > lines ? "problem line " + p.line() + " beyond the file's " + lines + " lines"
              : p.message() == null || p.message().isBlank() ? "problem without a message"
              : p.message().contains("Exception") || p.message().contains("\tat ") ? "message shows an exception: " + p.message()
              : null;
          if (why != null) {
            failures.add(describe(i, applied, text, why + " [" + p + "]"));
          }
        }
      } catch (Throwable t) {
        failures.add(describe(i, applied, text, "threw " + t));
      }
      Files.delete(file);
    }
    System.out.printf("ScenarioFuzzTest: %d inputs tried (seed %d): %d loaded, %d rejected with %d problems; "
        + "mutations applied: %s%n", INPUTS, SEED, accepted, rejected, problems, byOperator);
    assertThat(failures).as(failures.size() + " inputs broke the loader's contract").isEmpty();
    assertThat(accepted + rejected).isEqualTo(INPUTS);
    // The mutations must mostly break things, or the test proves little.
    assertThat(rejected).isGreaterThan(INPUTS / 2);
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

  private static String describe(int i, List<String> applied, String text, String why) {
    return "input #" + i + " " + applied + ": " + why + "\n---\n" + text + "\n---";
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
