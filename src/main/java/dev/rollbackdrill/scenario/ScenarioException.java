package dev.rollbackdrill.scenario;

import dev.rollbackdrill.yaml.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when one or more scenario files are invalid; carries every {@link Problem} found, not just
 * the first, so a user can fix a file in one pass. The message is the problems, one a line.
 */
public class ScenarioException extends Exception {

  private final List<Problem> problems;

  public ScenarioException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, ordered by file and line. */
  public List<Problem> problems() {
    return problems;
  }
}
