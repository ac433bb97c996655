package dev.rollbackdrill.cli;

import dev.rollbackdrill.scenario.Durations;
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

/** {@code drill list}: the scenarios in a folder, one line each. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List scenarios: name, target, change, procedure, SLO and tags.",
    footer = {"", "Example:", "  drill list            (lists scenarios/)"})
final class ListCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or folders (default: scenarios).")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> where = paths == null || paths.isEmpty() ? List.of(Path.of("scenarios")) : paths;
    try {
      List<Scenario> all = ScenarioLoader.loadAll(where);
      out.printf("%-30s %-20s %-32s %-14s %7s  %s%n", "scenario", "target", "change", "procedure", "SLO", "tags");
      for (Scenario s : all) {
        String change = switch (s.change().type()) {
          case NOOP -> "noop";
          case BROKEN -> "broken: " + s.change().fault().yamlName();
          case SWITCH -> "switch: " + s.change().switchTo().label() + "=" + s.change().switchTo().to();
          case FLAG -> "flag: " + s.change().flag().key() + "=" + s.change().flag().value();
          case CANARY -> "canary: " + Math.round(s.change().weight() * 1000) / 10.0 + "%";
        };
        out.printf("%-30s %-20s %-32s %-14s %7s  %s%n", s.name(),
            s.target().namespace() + "/" + s.target().deployment(), change,
            s.rollback().procedure().yamlName(), Durations.format(s.slo()), String.join(",", s.tags()));
      }
      return Main.OK;
    } catch (ScenarioException e) {
      e.problems().forEach(spec.commandLine().getErr()::println);
      return Main.BAD_INPUT;
    }
  }
}
