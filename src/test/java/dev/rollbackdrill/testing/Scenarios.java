package dev.rollbackdrill.testing;

import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.scenario.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example scenarios in {@code scenarios/}, moved into a test's own namespace. */
public final class Scenarios {
  private Scenarios() {}

  public static Path examples() {
    return ClusterProviders.projectHome().resolve("scenarios");
  }

  /** The example {@code name}.yaml, loaded, with its target in {@code ns}. */
  public static Scenario example(String name, TestNamespace ns) {
    try {
      Scenario s = ScenarioLoader.load(examples().resolve(name + ".yaml"));
      return inNamespace(s, ns.name());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Scenario inNamespace(Scenario s, String ns) {
    Target t = s.target();
    return s.withTarget(new Target(ns, t.deployment(), t.container(), t.fixtureKind(), t.service()));
  }

  /** Copies the example scenarios {@code names} into {@code dir}/scenarios, which it returns. */
  public static Path copyExamples(Path dir, String... names) throws IOException {
    Path to = Files.createDirectories(dir.resolve("scenarios"));
    for (String name : names) {
      Files.copy(examples().resolve(name + ".yaml"), to.resolve(name + ".yaml"));
    }
    return to;
  }

  /** A copy of the example file in {@code dir}, its namespace (and runbook commands) pointed at {@code ns}. */
  public static Path exampleFile(String name, TestNamespace ns, Path dir) {
    try {
      String yaml = Files.readString(examples().resolve(name + ".yaml"))
          .replace("drill-demo", ns.name());
      Path p = dir.resolve(name + ".yaml");
      Files.writeString(p, yaml);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
