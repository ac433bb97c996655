package dev.rollbackdrill.plan;

import dev.rollbackdrill.yaml.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a plan file (or a scenario it names) is invalid; carries every {@link Problem}
 * found, each with file, line and field, so a user fixes the file in one pass.
 */
public class PlanException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public PlanException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, ordered by file and line. */
  public List<Problem> problems() {
    return problems;
  }
}
