package dev.rollbackdrill.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The loader's problems with a scenario file, as a user reads them, the schema agreeing: shared by the loader's tests. */
final class ScenarioProblems {
  private ScenarioProblems() {}

  /**
   * The problems the loader finds in {@code file}, each without {@code dir}'s path in front; the
   * schema must reject the file for the same reasons.
   *
   * @throws AssertionError when the file loads
   */
  static List<String> of(Path file, Path dir) throws IOException {
    try {
      ScenarioLoader.load(file);
    } catch (ScenarioException e) {
      SchemaAgreement.assertAgrees(file, e.problems());
      return e.problems().stream().map(p -> p.toString().substring(dir.toString().length() + 1)).toList();
    }
    throw new AssertionError("expected problems, but it loaded:\n" + Files.readString(file));
  }
}
