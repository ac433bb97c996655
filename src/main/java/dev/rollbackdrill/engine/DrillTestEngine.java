package dev.rollbackdrill.engine;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.cluster.ClusterProvider;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.drill.DrillListener;
import dev.rollbackdrill.drill.DrillResult;
import dev.rollbackdrill.drill.DrillRunner;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.scenario.Scenario;
import dev.rollbackdrill.scenario.ScenarioException;
import dev.rollbackdrill.scenario.ScenarioLoader;
import dev.rollbackdrill.timing.Ticker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;

/**
 * The rollback-drill JUnit Platform engine: scenario files are discovered as test containers and
 * their iterations as tests, so drills run from {@code ./drill run}, Maven Surefire or an IDE
 * alike. Each iteration is a real drill on the configured cluster (see {@link DrillOptions}); its
 * phase durations are published as report entries ({@link ResultEntries}) as they happen, its
 * record is appended to the history, and it fails unless the rollback met its SLO.
 */
public final class DrillTestEngine implements TestEngine {

  /** Scenarios already read and validated by whoever made this engine, by canonical path. */
  private final Map<Path, Scenario> loaded;

  /** The engine as the launcher finds it (Surefire, an IDE): it reads every scenario file it discovers. */
  public DrillTestEngine() {
    this(List.of());
  }

  private DrillTestEngine(List<Scenario> loaded) {
    Map<Path, Scenario> byPath = new HashMap<>();
    for (Scenario s : loaded) {
      byPath.put(canonical(s.source()), s);
    }
    this.loaded = Map.copyOf(byPath);
  }

  /**
   * An engine that discovers {@code scenarios}, already read and validated (by {@code drill run},
   * which checks every file before it runs any), for the files selected, rather than read them
   * again; any other file selected it reads itself.
   */
  public static DrillTestEngine withScenarios(List<Scenario> scenarios) {
    return new DrillTestEngine(scenarios);
  }

  @Override
  public String getId() {
    return Constants.ENGINE_ID;
  }

  @Override
  public Optional<String> getGroupId() {
    return Optional.of("dev.rollbackdrill");
  }

  @Override
  public Optional<String> getArtifactId() {
    return Optional.of("rollback-drill");
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId engineId) {
    DrillOptions options;
    try {
      options = DrillOptions.from(request.getConfigurationParameters());
    } catch (DrillOptions.InvalidOption e) {
      return DrillEngineDescriptor.invalid(engineId, e);
    }
    DrillEngineDescriptor engine = DrillEngineDescriptor.of(engineId, options);
    Set<Path> files = new LinkedHashSet<>();
    for (FileSelector f : request.getSelectorsByType(FileSelector.class)) {
      files.add(f.getPath());
    }
    for (DirectorySelector d : request.getSelectorsByType(DirectorySelector.class)) {
      files.addAll(yamlIn(d.getPath()));
    }
    for (UniqueIdSelector u : request.getSelectorsByType(UniqueIdSelector.class)) {
      UniqueId id = u.getUniqueId();
      if (id.hasPrefix(engineId)) {
        id.getSegments().stream()
            .filter(s -> s.getType().equals(ScenarioDescriptor.SEGMENT))
            .findFirst()
            .ifPresent(s -> files.add(Path.of(s.getValue())));
      }
    }
    // Selecting the engine itself (a suite's `uid:[engine:rollback-drill]`, an IDE's "run all")
    // means the configured scenarios, as selecting nothing does.
    boolean selectedFiles = request.getSelectorsByType(DiscoverySelector.class).stream()
        .anyMatch(s -> s instanceof FileSelector || s instanceof DirectorySelector
            || s instanceof UniqueIdSelector u && u.getUniqueId().getSegments().stream()
                .anyMatch(seg -> seg.getType().equals(ScenarioDescriptor.SEGMENT)));
    if (!selectedFiles) {
      for (Path path : options.scenarios()) {
        if (Files.isDirectory(path)) {
          files.addAll(yamlIn(path));
        } else {
          files.add(path);
        }
      }
    }
    for (Path file : files) {
      if (!isYaml(file)) {
        continue;
      }
      UniqueId sid = engineId.append(ScenarioDescriptor.SEGMENT, file.toString());
      try {
        Scenario s = scenario(file);
        ScenarioDescriptor sd = new ScenarioDescriptor(sid, s);
        int n = options.iterations() == null ? s.iterations() : options.iterations();
        for (int i = 1; i <= n; i++) {
          sd.addChild(new IterationDescriptor(sid.append(IterationDescriptor.SEGMENT, Integer.toString(i)), s.name(), i, n));
        }
        engine.addChild(sd);
      } catch (ScenarioException e) {
        engine.addChild(new InvalidScenarioDescriptor(sid, file, e));
      }
    }
    return engine;
  }

  /** The scenario in {@code file}: one already read, or read now. Its source is {@code file} either way. */
  private Scenario scenario(Path file) throws ScenarioException {
    Scenario s = loaded.isEmpty() ? null : loaded.get(canonical(file));
    if (s == null) {
      return ScenarioLoader.load(file);
    }
    return s.source().equals(file) ? s : s.withSource(file);
  }

  private static Path canonical(Path p) {
    try {
      return p.toFile().getCanonicalFile().toPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static boolean isYaml(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith("_");
  }

  private static List<Path> yamlIn(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(DrillTestEngine::isYaml).sorted().toList();
    } catch (IOException e) {
      return List.of(dir);
    }
  }

  @Override
  public void execute(ExecutionRequest request) {
    DrillEngineDescriptor engine = (DrillEngineDescriptor) request.getRootTestDescriptor();
    EngineExecutionListener listener = request.getEngineExecutionListener();
    listener.executionStarted(engine);
    if (engine.invalid() != null) {
      listener.executionFinished(engine, TestExecutionResult.failed(new IllegalArgumentException(
          "bad configuration: " + engine.invalid().getMessage(), engine.invalid())));
      return;
    }
    if (engine.getChildren().isEmpty()) {
      listener.executionFinished(engine, TestExecutionResult.successful());
      return;
    }
    DrillOptions options = engine.options();
    boolean anyValid = engine.getChildren().stream().anyMatch(c -> c instanceof ScenarioDescriptor);
    ClusterProvider provider;
    ClusterHandle cluster = null;
    Throwable clusterFailure = null;
    if (anyValid) {
      PrintStream progress = new PrintStream(new EntryStream(listener, engine), true);
      try {
        provider = ClusterProviders.of(options.cluster(), progress, options.kubeconfig());
        // Before connecting, and only here for a run (drill run, Surefire, an IDE): nothing may
        // reach a cluster that looks like production unless told so.
        String refusal = options.refusal(provider);
        if (refusal != null) {
          listener.executionFinished(engine, TestExecutionResult.failed(new ClusterRefusedException(refusal)));
          return;
        }
        cluster = provider.up(progress);
      } catch (ClusterException | RuntimeException e) {
        clusterFailure = e;
      }
    }
    if (clusterFailure != null) {
      listener.executionFinished(engine, TestExecutionResult.failed(new IllegalStateException(
          "cluster unavailable: " + clusterFailure.getMessage(), clusterFailure)));
      return;
    }
    String executedBy = options.executedBy() != null ? options.executedBy() : defaultExecutor();
    DrillHistory history = options.drills() == null ? null : new DrillHistory(options.drills());
    DrillRunner.Options runnerOptions = options.runnerOptions();
    KubernetesClient client = cluster == null ? null : cluster.newClient();
    try {
      // Like the cluster: a database a drill needs and cannot reach is the environment's problem
      // (exit 3), found before any drill changes anything.
      String unreachable = unreachableDatabase(engine, client);
      if (unreachable != null) {
        listener.executionFinished(engine, TestExecutionResult.failed(new IllegalStateException(unreachable)));
        return;
      }
      for (TestDescriptor child : engine.getChildren()) {
        if (child instanceof InvalidScenarioDescriptor bad) {
          listener.executionStarted(bad);
          listener.executionFinished(bad, TestExecutionResult.failed(new AssertionError(bad.problems().getMessage())));
        } else if (child instanceof ScenarioDescriptor sd) {
          listener.executionStarted(sd);
          for (TestDescriptor it : sd.getChildren()) {
            runIteration(listener, cluster, client, history, executedBy, runnerOptions, sd, (IterationDescriptor) it);
          }
          listener.executionFinished(sd, TestExecutionResult.successful());
        }
      }
    } finally {
      if (client != null) {
        client.close();
      }
    }
    listener.executionFinished(engine, TestExecutionResult.successful());
  }

  /** The first scenario's database that does not answer, said so; null when every one answers (or none is needed). */
  private static String unreachableDatabase(DrillEngineDescriptor engine, KubernetesClient client) {
    for (TestDescriptor child : engine.getChildren()) {
      if (child instanceof ScenarioDescriptor sd && sd.scenario().database() != null) {
        Scenario s = sd.scenario();
        DrillDatabase db = DrillDatabase.of(s.database(), client, s.target().namespace());
        try {
          db.checkReachable();
        } catch (DatabaseException e) {
          return "database unavailable for " + s.name() + ": " + e.getMessage() + "; nothing was changed";
        }
      }
    }
    return null;
  }

  private static void runIteration(EngineExecutionListener listener, ClusterHandle cluster,
      KubernetesClient client, DrillHistory history, String executedBy, DrillRunner.Options options, ScenarioDescriptor sd,
      IterationDescriptor it) {
    listener.executionStarted(it);
    DrillListener progress = new DrillListener() {
      @Override
      public void phaseEnded(String drill, String phase, long nanos, String detail) {
        listener.reportingEntryPublished(it, ResultEntries.write(new ResultEntries.Phase(phase, nanos, detail)));
      }

      @Override
      public void note(String drill, String message) {
        listener.reportingEntryPublished(it, ResultEntries.write(new ResultEntries.Note(message)));
      }

      /**
       * Published as the runner writes the record, not after it returns: a drill stopped by SIGTERM
       * or Ctrl-C is recorded by its shutdown hook, and this method never sees its result.
       */
      @Override
      public void recorded(String drill, DrillResult result) {
        if (result.recordProblem() == null) {
          listener.reportingEntryPublished(it, ResultEntries.write(ResultEntries.Recorded.of(result)));
        }
      }
    };
    DrillResult result;
    try {
      DrillRunner runner = new DrillRunner(cluster, client, Clock.systemUTC(), Ticker.system(), progress)
          .withOptions(options);
      // The runner writes the record itself: a drill stopped by SIGTERM is recorded by its
      // shutdown hook, as this method never sees its result.
      if (history != null) {
        runner = runner.withRecorder(d -> history.append(d.record(), d.histograms()));
      }
      result = runner.run(sd.scenario(), it.iteration(), executedBy);
    } catch (RuntimeException e) {
      listener.executionFinished(it, TestExecutionResult.failed(e));
      return;
    }
    DrillRecord r = result.record();
    if (result.recordProblem() != null) {
      listener.executionFinished(it, TestExecutionResult.failed(
          new IllegalStateException("drill ran but its record could not be written: " + result.recordProblem())));
      return;
    }
    listener.executionFinished(it, outcome(r));
  }

  /**
   * A drill's test outcome: successful only when it passed. Every other verdict fails the test,
   * an assertion failure in JUnit XML, and a refusal says so by its type and message, so that a
   * drill that never began cannot be read as a rollback that was rehearsed.
   */
  static TestExecutionResult outcome(DrillRecord r) {
    return switch (r.verdict()) {
      case PASSED -> TestExecutionResult.successful();
      case REFUSED -> TestExecutionResult.failed(new DrillRefusedException(r.reason()));
      default -> TestExecutionResult.failed(new AssertionError(r.verdict() + ": " + r.reason()));
    };
  }

  /** Who runs the drills when no one is named: the CI's actor, else the user. */
  public static String defaultExecutor() {
    for (String env : new String[] {"DRILL_EXECUTED_BY", "GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILD_USER_ID", "USER"}) {
      String v = System.getenv(env);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return System.getProperty("user.name", "unknown");
  }

  /** Turns the cluster's progress lines into report entries on the engine, so listeners show them. */
  private static final class EntryStream extends java.io.OutputStream {
    private final EngineExecutionListener listener;
    private final TestDescriptor engine;
    private final StringBuilder line = new StringBuilder();

    EntryStream(EngineExecutionListener listener, TestDescriptor engine) {
      this.listener = listener;
      this.engine = engine;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        listener.reportingEntryPublished(engine, ResultEntries.write(new ResultEntries.Note(line.toString())));
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }
}
