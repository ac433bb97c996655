package dev.rollbackdrill.cli;

import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drill validate}: checks scenario files and touches no cluster. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {"Check scenario files; report every problem as file:line field: message.",
        "No cluster is contacted."},
    footer = {"", "Exit codes: 0 all valid, 2 a file has problems.", "",
        "Example:", "  drill validate scenarios/"})
final class ValidateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SCENARIO", description = "Scenario files or folders of them.")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<Scenario> all = ScenarioLoader.loadAll(paths);
      for (Scenario s : all) {
        out.println("ok  " + s.source() + "  (" + s.name() + ")");
      }
      out.println(all.size() + " scenario(s) valid");
      return Main.OK;
    } catch (ScenarioException e) {
      e.problems().forEach(err::println);
      err.println(e.problems().size() + " problem(s)");
      return Main.BAD_INPUT;
    }
  }
}
