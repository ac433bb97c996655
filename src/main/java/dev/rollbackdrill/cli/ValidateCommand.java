package dev.rollbackdrill.cli;

import dev.rollbackdrill.migration.MigrationCheck;
import dev.rollbackdrill.migration.MigrationCheck.Finding;
import dev.rollbackdrill.migration.MigrationCheck.Kind;
import dev.rollbackdrill.migration.SqlFile;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.yaml.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code drill validate}: checks scenario files, and SQL migration files for whether the previous
 * version survives them ({@link MigrationCheck}); touches no cluster and no database.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {"Check scenario files; report every problem as file:line field: message.",
        "A .sql file is a release's migration: each statement is classed additive, breaking for the",
        "previous version (with an expand/contract way around it) or not understood, as file:line.",
        "No cluster or database is contacted."},
    footer = {"", "Exit codes: 0 all valid and every statement additive, 1 a migration statement breaks the",
        "previous version or is not understood, 2 a file has problems.", "",
        "Examples:", "  drill validate scenarios/", "  drill validate db/migrations/V2__rename_email.sql"})
final class ValidateCommand implements Callable<Integer> {


  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files or folders of them, and .sql migration files.")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> scenarios = new ArrayList<>();
    List<Path> migrations = new ArrayList<>();
    for (Path p : paths) {
      (p.getFileName() != null && p.getFileName().toString().endsWith(".sql") ? migrations : scenarios).add(p);
    }
    int exit = Main.OK;
    if (!scenarios.isEmpty() || migrations.isEmpty()) {
      exit = scenarios(scenarios, out, err);
    }
    for (Path m : migrations) {
      exit = Math.max(exit, migration(m, out, err));
    }
    return exit;
  }

  private int scenarios(List<Path> scenarios, PrintWriter out, PrintWriter err) {
    try {
      List<Scenario> all = ScenarioLoader.loadAll(scenarios);
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

  /** Prints every statement's class as file:line; 1 when one breaks the previous version or is not understood. */
  private int migration(Path file, PrintWriter out, PrintWriter err) {
    List<Problem> problems = new ArrayList<>();
    SqlFile sql = SqlFile.read(file, problems);
    if (sql == null) {
      problems.forEach(err::println);
      return Main.BAD_INPUT;
    }
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    for (Finding f : MigrationCheck.check(sql)) {
      counts.merge(f.kind(), 1, Integer::sum);
      out.println(file + ":" + f.line() + "  " + f.kind().words() + ": " + f.what());
      if (f.suggestion() != null) {
        out.println("    " + f.suggestion());
      }
    }
    int breaking = counts.getOrDefault(Kind.BREAKING, 0);
    int unknown = counts.getOrDefault(Kind.NOT_UNDERSTOOD, 0);
    out.println(file + ": " + breaking + " breaking, " + unknown + " not understood, "
        + counts.getOrDefault(Kind.ADDITIVE, 0) + " additive"
        + (breaking + unknown == 0 ? ": the previous version runs on the migrated schema, as far as its SQL shows"
            : breaking > 0 ? ": a rollback of the code after this migration needs the previous version to survive it"
            : ": check what is not understood by hand, or drill it"));
    return breaking + unknown == 0 ? Main.OK : Main.DRILL_FAILED;
  }
}
