package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

  /** The smallest valid scenario; line numbers in expected messages refer to it. */
  private static final String MINIMAL =
      """
      name: demo-drill
      target:
        namespace: drill-demo
        deployment: demo
      change:
        type: broken
        fault: crash-on-start
      detect:
        type: crash-looping
      rollback:
        procedure: rollout-undo
      slo: 30s
      """;

  @TempDir Path dir;

  @Test
  void loadsEveryFieldOfAFullScenario() throws Exception {
    Path file =
        write(
            "full.yaml",
            """
            name: crashloop-undo-to-revision
            description: A release that crashes on start, undone to a named revision.
            tags: [undo, crash]
            target:
              namespace: drill-demo
              deployment: demo
              container: demo
            change:
              type: broken
              fault: crash-on-start
              env: {B_SECOND: "2", A_FIRST: "1"}
              changeCause: "v9: new checkout flow"
            detect:
              type: crash-looping
              restarts: 3
            rollback:
              procedure: rollout-undo
              to: revision
              revision: 1
            healthy:
              http:
                port: 8080
                path: /cgi-bin/app
                service: demo
                expectStatus: 204
                consecutive: 5
            slo: 1m30s
            iterations: 3
            timeouts:
              deploy: 60s
              verify: 250ms
            """);

    Scenario s = load(file);

    assertThat(s)
        .isEqualTo(
            new Scenario(
                "crashloop-undo-to-revision",
                "A release that crashes on start, undone to a named revision.",
                List.of("undo", "crash"),
                new Target("drill-demo", "demo", "demo", null),
                new Change(
                    ChangeType.BROKEN,
                    Fault.CRASH_ON_START,
                    null,
                    Map.of("A_FIRST", "1", "B_SECOND", "2"),
                    "v9: new checkout flow"),
                new Detect(DetectType.CRASH_LOOPING, null, 3, null),
                new Rollback(Procedure.ROLLOUT_UNDO, UndoTarget.REVISION, 1, null),
                new Healthy(new HttpCheck(8080, "/cgi-bin/app", "demo", 204, 5)),
                Duration.ofSeconds(90),
                3,
                new Timeouts(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(180),
                    Duration.ofMillis(250)),
                file,
                s.sha256(),
                null,
                null));
    assertThat(s.change().env().keySet()).containsExactly("B_SECOND", "A_FIRST");
  }

  @Test
  void appliesDefaultsToAMinimalScenario() throws Exception {
    Scenario s = load(write("x.yaml", MINIMAL));

    assertThat(s.description()).isNull();
    assertThat(s.tags()).isEmpty();
    assertThat(s.target().container()).isNull();
    assertThat(s.change().env()).isEmpty();
    assertThat(s.detect()).isEqualTo(new Detect(DetectType.CRASH_LOOPING, null, 2, null));
    assertThat(s.rollback())
        .isEqualTo(new Rollback(Procedure.ROLLOUT_UNDO, UndoTarget.PREVIOUS, null, null));
    assertThat(s.healthy()).isEqualTo(new Healthy(null));
    assertThat(s.iterations()).isEqualTo(1);
    assertThat(s.timeouts()).isEqualTo(Timeouts.defaults());
  }

  @Test
  void appliesHttpCheckDefaults() throws Exception {
    Scenario s =
        load(
            write("x.yaml", MINIMAL + "healthy:\n  http:\n    port: 8080\n    path: /\n"));

    assertThat(s.healthy().http()).isEqualTo(new HttpCheck(8080, "/", null, 200, 3));
  }

  @Test
  void loadsConditionalFieldsWhereTheyAreAllowed() throws Exception {
    Scenario s =
        load(
            write(
                "x.yaml",
                minimalWith(
                    "  fault: crash-on-start", "  fault: candidate-image\n  image: registry/app:v9",
                    "  type: crash-looping", "  type: rollout-stalled\n  progressDeadline: 15s")));

    assertThat(s.change().image()).isEqualTo("registry/app:v9");
    assertThat(s.detect())
        .isEqualTo(new Detect(DetectType.ROLLOUT_STALLED, null, 0, Duration.ofSeconds(15)));
  }

  @Test
  void fingerprintsTheFileBytesWithSha256() throws Exception {
    Path file = write("x.yaml", MINIMAL);

    assertThat(ScenarioLoader.load(file).sha256())
        .isEqualTo("ce47dccf365c7eacca4722402cd7c97f043815d86479510ff8bbe1e2be133996")
        .isEqualTo(ScenarioLoader.load(file).sha256());
    Files.writeString(file, MINIMAL + "# a comment changes the fingerprint\n");
    assertThat(ScenarioLoader.load(file).sha256())
        .isNotEqualTo("ce47dccf365c7eacca4722402cd7c97f043815d86479510ff8bbe1e2be133996");
  }

  // Invalid input: one kind per test, each with the exact line a user would see.

  @Test
  void rejectsAnUnknownValueListingTheAllowedOnes() throws Exception {
    assertThat(problemsIn(minimalWith("  procedure: rollout-undo", "  procedure: undo")))
        .containsExactly(
            "x.yaml:11 rollback.procedure: unknown value 'undo'; expected one of rollout-undo,"
                + " command, blue-green-switch, kill-switch, roll-forward, canary-abort, automatic");
  }

  @Test
  void reportsAMissingNestedFieldAtItsParentsLine() throws Exception {
    assertThat(problemsIn(minimalWith("  namespace: drill-demo", null)))
        .containsExactly("x.yaml:2 target.namespace: required field missing");
  }

  @Test
  void reportsAMissingTopLevelFieldAtLineOne() throws Exception {
    assertThat(problemsIn(minimalWith("slo: 30s", null)))
        .containsExactly("x.yaml:1 slo: required field missing");
  }

  @Test
  void reportsAnEmptyRequiredFieldAtItsOwnLine() throws Exception {
    assertThat(problemsIn(minimalWith("  namespace: drill-demo", "  namespace:")))
        .containsExactly("x.yaml:3 target.namespace: required field is empty");
  }

  @Test
  void suggestsTheClosestKnownFieldForATypo() throws Exception {
    assertThat(problemsIn(minimalWith("rollback:", "rollbak:")))
        .containsExactly(
            "x.yaml:1 rollback: required field missing",
            "x.yaml:10 rollbak: unknown field; did you mean 'rollback'?");
  }

  @Test
  void rejectsUnknownNestedFieldsAndSuggestsOnlyCloseNames() throws Exception {
    assertThat(problemsIn(MINIMAL + "timeouts:\n  deplyo: 60s\n  warmup: 5s\n"))
        .containsExactly(
            "x.yaml:14 timeouts.deplyo: unknown field; did you mean 'deploy'?",
            "x.yaml:15 timeouts.warmup: unknown field; expected preflight, deploy, detect, rollback, healthy,"
                + " verify");
  }

  @Test
  void rejectsADuplicateField() throws Exception {
    assertThat(problemsIn(minimalWith("  deployment: demo", "  deployment: demo\n  namespace: x")))
        .containsExactly("x.yaml:5 target.namespace: duplicate field; first defined on line 3");
  }

  @Test
  void rejectsAFaultOnANoopChange() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "  type: broken", "  type: noop",
                    "  type: crash-looping", "  type: dwell\n  for: 10s")))
        .containsExactly("x.yaml:7 change.fault: not allowed when change.type is noop");
  }

  @Test
  void requiresAFaultOnABrokenChange() throws Exception {
    assertThat(problemsIn(minimalWith("  fault: crash-on-start", null)))
        .containsExactly("x.yaml:5 change.fault: required when change.type is broken");
  }

  @Test
  void rejectsRolloutCompleteForABrokenChange() throws Exception {
    assertThat(problemsIn(minimalWith("  type: crash-looping", "  type: rollout-complete")))
        .containsExactly(
            "x.yaml:9 detect.type: rollout-complete never fires for a broken change, which never"
                + " completes; use rollout-stalled, readiness-failing, crash-looping or dwell");
  }

  @Test
  void rejectsAFailureSignalForANoopChange() throws Exception {
    assertThat(
            problemsIn(
                minimalWith("  type: broken", "  type: noop", "  fault: crash-on-start", null)))
        .containsExactly(
            "x.yaml:8 detect.type: crash-looping never fires for a noop change, which stays"
                + " healthy; use rollout-complete or dwell");
  }

  @Test
  void requiresAnImageForACandidateImageAndRefusesItOtherwise() throws Exception {
    assertThat(problemsIn(minimalWith("  fault: crash-on-start", "  fault: candidate-image")))
        .containsExactly("x.yaml:5 change.image: required when change.fault is candidate-image");
    assertThat(
            problemsIn(
                minimalWith("  fault: crash-on-start", "  fault: crash-on-start\n  image: app:v9")))
        .containsExactly(
            "x.yaml:8 change.image: only allowed when change.fault is candidate-image");
  }

  @Test
  void requiresANonEmptyEnvForBadConfig() throws Exception {
    assertThat(problemsIn(minimalWith("  fault: crash-on-start", "  fault: bad-config")))
        .containsExactly("x.yaml:5 change.env: required when change.fault is bad-config");
    assertThat(problemsIn(minimalWith("  fault: crash-on-start", "  fault: bad-config\n  env: {}")))
        .containsExactly("x.yaml:8 change.env: must not be empty when change.fault is bad-config");
  }

  @Test
  void rejectsANumberWhereTextIsExpectedAndShowsHowToQuoteIt() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "  fault: crash-on-start", "  fault: crash-on-start\n  env:\n    PORT: 8080")))
        .containsExactly(
            "x.yaml:9 change.env.PORT: expected text, got number 8080; write \"8080\" if it is"
                + " meant as text");
  }

  @Test
  void requiresDetectForOnlyWhereItApplies() throws Exception {
    assertThat(problemsIn(minimalWith("  type: crash-looping", "  type: dwell")))
        .containsExactly("x.yaml:8 detect.for: required when detect.type is dwell");
    assertThat(
            problemsIn(minimalWith("  type: crash-looping", "  type: crash-looping\n  for: 10s")))
        .containsExactly(
            "x.yaml:10 detect.for: only allowed when detect.type is readiness-failing or dwell");
  }

  @Test
  void rejectsAProgressDeadlineInFractionsOfASecond() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "  type: crash-looping",
                    "  type: rollout-stalled\n  progressDeadline: 1500ms")))
        .containsExactly("x.yaml:10 detect.progressDeadline: must be whole seconds, got '1500ms'");
  }

  @Test
  void requiresARevisionWhenUndoingToARevision() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "  procedure: rollout-undo", "  procedure: rollout-undo\n  to: revision")))
        .containsExactly("x.yaml:10 rollback.revision: required when rollback.to is revision");
  }

  @Test
  void rejectsARevisionWithoutUndoingToARevision() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "  procedure: rollout-undo", "  procedure: rollout-undo\n  revision: 3")))
        .containsExactly("x.yaml:12 rollback.revision: only allowed when rollback.to is revision");
  }

  @Test
  void requiresARunCommandAndRefusesUndoFieldsForTheCommandProcedure() throws Exception {
    assertThat(
            problemsIn(
                minimalWith("  procedure: rollout-undo", "  procedure: command\n  to: previous")))
        .containsExactly(
            "x.yaml:10 rollback.run: required when rollback.procedure is command",
            "x.yaml:12 rollback.to: only allowed when rollback.procedure is rollout-undo");
  }

  @Test
  void rejectsTextWhereAWholeNumberIsExpected() throws Exception {
    assertThat(problemsIn(MINIMAL + "iterations: many\n"))
        .containsExactly("x.yaml:13 iterations: expected a whole number, got text 'many'");
    assertThat(problemsIn(MINIMAL + "iterations: \"3\"\n"))
        .containsExactly("x.yaml:13 iterations: expected a whole number, got text '3'");
  }

  @Test
  void rejectsNumbersOutOfRange() throws Exception {
    assertThat(
            problemsIn(
                MINIMAL + "iterations: 0\nhealthy:\n  http:\n    port: 70000\n    path: app\n"))
        .containsExactly(
            "x.yaml:13 iterations: must be between 1 and 100, got 0",
            "x.yaml:16 healthy.http.port: must be between 1 and 65535, got 70000",
            "x.yaml:17 healthy.http.path: must start with '/', got 'app'");
  }

  @Test
  void rejectsAListWhereAMappingIsExpected() throws Exception {
    assertThat(
            problemsIn(
                minimalWith(
                    "target:", "target: [drill-demo, demo]",
                    "  namespace: drill-demo", null,
                    "  deployment: demo", null)))
        .containsExactly("x.yaml:2 target: expected a mapping, got a list");
  }

  @Test
  void rejectsNamesOutsideTheAllowedCharacters() throws Exception {
    assertThat(
            problemsIn(
                minimalWith("name: demo-drill", "name: Demo_Drill") + "tags: [ok, not ok]\n"))
        .containsExactly(
            "x.yaml:1 name: 'Demo_Drill' is not a valid name (lowercase letters, digits and '-',"
                + " starting with a letter or digit, at most 63 characters)",
            "x.yaml:13 tags[1]: 'not ok' is not a valid tag (lowercase letters, digits and '-',"
                + " starting with a letter or digit, at most 63 characters)");
  }

  @Test
  void rejectsADurationWithoutAUnitSuggestingOne() throws Exception {
    assertThat(problemsIn(minimalWith("slo: 30s", "slo: 30")))
        .containsExactly("x.yaml:12 slo: '30' has no unit; write e.g. \"30s\"");
  }

  @Test
  void rejectsAZeroSlo() throws Exception {
    assertThat(problemsIn(minimalWith("slo: 30s", "slo: 0s")))
        .containsExactly("x.yaml:12 slo: must be greater than 0, got '0s'");
  }

  @Test
  void rejectsAnEmptyFile() throws Exception {
    assertThat(problemsIn(""))
        .containsExactly("x.yaml:1 file is empty; expected a scenario mapping");
    assertThat(problemsIn("# only a comment\n"))
        .containsExactly("x.yaml:1 file is empty; expected a scenario mapping");
  }

  @Test
  void reportsAYamlSyntaxErrorAtItsLine() throws Exception {
    assertThat(problemsIn(minimalWith("  deployment: demo", "  deployment: demo: v2")))
        .containsExactly("x.yaml:4 YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void rejectsADocumentThatIsNotAMapping() throws Exception {
    assertThat(problemsIn("- name: a\n- name: b\n"))
        .containsExactly("x.yaml:1 expected a mapping of scenario fields, got a list");
  }

  @Test
  void rejectsMoreThanOneDocument() throws Exception {
    assertThat(problemsIn(MINIMAL + "---\nname: second\n"))
        .containsExactly(
            "x.yaml:13 more than one YAML document; put each scenario in its own file");
  }

  @Test
  void refusesAnAliasBombWithoutExpandingIt() throws Exception {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      String prev = "*a" + (i - 1);
      yaml.append(
          "a%d: &a%d [%s]\n".formatted(i, i, String.join(", ", Collections.nCopies(10, prev))));
    }

    assertThat(problemsIn(yaml.toString()))
        .singleElement(STRING)
        .startsWith("x.yaml:1 cannot read YAML: Number of aliases for non-scalar nodes exceeds");
  }

  @Test
  void refusesAFileLargerThanOneMebibyte() throws Exception {
    assertThat(problemsIn(MINIMAL + "#".repeat(ScenarioLoader.MAX_BYTES)))
        .containsExactly("x.yaml:1 file is larger than 1 MiB; refusing to read it");
  }

  // Reporting as a whole.

  @Test
  void reportsAllProblemsOfAFileAtOnceOrderedByLine() throws Exception {
    Path file =
        write(
            "x.yaml",
            minimalWith(
                    "  namespace: drill-demo", "  namespace: Drill",
                    "  procedure: rollout-undo", "  procedure: undo")
                + "colour: red\n");

    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e -> {
              assertThat(e.problems()).extracting(Problem::line).containsExactly(3, 11, 13);
              assertThat(e.problems())
                  .extracting(Problem::field)
                  .containsExactly("target.namespace", "rollback.procedure", "colour");
              assertThat(e.getMessage())
                  .isEqualTo(
                      String.join("\n", e.problems().stream().map(Problem::toString).toList()));
            });
  }

  @Test
  void namesTheFileExactlyAsTheCallerGaveIt() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(write("x.yaml", "slo: 30s\n"));

    assertThatThrownBy(() -> ScenarioLoader.load(relative))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::file)
                    .containsOnly(relative.toString()));
    assertThat(relative.isAbsolute()).isFalse();
  }

  @Test
  void loadsAFolderInNameOrderSkippingNonScenarioFiles() throws Exception {
    write("b.yaml", MINIMAL.replace("name: demo-drill", "name: bravo"));
    write("a.yml", MINIMAL.replace("name: demo-drill", "name: alpha"));
    write("_draft.yaml", "not: valid\n");
    write("notes.txt", "not: valid\n");
    write("scenario.schema.json", "{}");
    Files.createDirectories(dir.resolve("nested"));
    write("nested/c.yaml", "not: valid\n");

    assertThat(ScenarioLoader.loadAll(List.of(dir)))
        .extracting(Scenario::name)
        .containsExactly("alpha", "bravo");
  }

  @Test
  void reportsProblemsOfEveryFileBeforeFailing() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(folder.resolve("one.yaml"), minimalWith("slo: 30s", null));
    Files.writeString(
        folder.resolve("two.yaml"), minimalWith("  procedure: rollout-undo", "  procedure: undo"));
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> ScenarioLoader.loadAll(List.of(folder, missing)))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        folder.resolve("one.yaml") + ":1 slo: required field missing",
                        folder.resolve("two.yaml")
                            + ":11 rollback.procedure: unknown value 'undo'; expected one of"
                            + " rollout-undo, command, blue-green-switch, kill-switch, roll-forward, canary-abort, automatic",
                        missing + ":1 file does not exist"));
  }

  /**
   * MINIMAL with each {@code old} line replaced by the {@code new} text after it (null: removed).
   */
  private static String minimalWith(String... oldAndNew) {
    String yaml = MINIMAL;
    for (int i = 0; i < oldAndNew.length; i += 2) {
      String line = oldAndNew[i] + "\n";
      assertThat(yaml).as("fixture").contains(line);
      yaml = yaml.replace(line, oldAndNew[i + 1] == null ? "" : oldAndNew[i + 1] + "\n");
    }
    return yaml;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  /** The scenario in {@code file}, which the schema must accept too. */
  private static Scenario load(Path file) throws ScenarioException {
    Scenario s = ScenarioLoader.load(file);
    SchemaAgreement.assertAgrees(file, List.of());
    return s;
  }

  /** The problems {@code yaml} has, without the temporary folder's path in front; the schema must agree. */
  private List<String> problemsIn(String yaml) throws IOException {
    return ScenarioProblems.of(write("x.yaml", yaml), dir);
  }
}
