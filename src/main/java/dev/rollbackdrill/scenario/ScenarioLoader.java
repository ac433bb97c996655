package dev.rollbackdrill.scenario;

import dev.rollbackdrill.yaml.Problem;
import dev.rollbackdrill.yaml.YamlFiles;
import dev.rollbackdrill.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads and validates scenario files before anything touches a cluster. Every problem in every file
 * is collected, each with file, line and field, and thrown together as one {@link
 * ScenarioException}, so a user fixes a whole batch in one pass. Files are composed into SnakeYAML
 * nodes only, never constructed into objects, and are bounded in size and alias use so a hostile
 * file cannot exhaust memory.
 */
public final class ScenarioLoader {

  /** Larger files are refused unread; a scenario is a screenful of YAML. */
  static final int MAX_BYTES = 1 << 20;

  private static final YamlFiles.Kind KIND =
      new YamlFiles.Kind(
          "scenario", MAX_BYTES, "1 MiB", "a scenario mapping", "put each scenario in its own file");

  private ScenarioLoader() {}

  /** The scenario in {@code file}; problems name the file as given, relative or not. */
  public static Scenario load(Path file) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    Scenario scenario = read(file, problems);
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    return scenario;
  }

  /**
   * The scenarios in the given files and folders, in order. A folder contributes every {@code
   * *.yaml} and {@code *.yml} file directly inside it, sorted by name, except names starting with
   * {@code _}. Problems of all files are collected before throwing.
   */
  public static List<Scenario> loadAll(List<Path> filesOrFolders) throws ScenarioException {
    List<Problem> problems = new ArrayList<>();
    // A file named twice, alone and through its folder, is loaded once.
    Set<Path> files = new LinkedHashSet<>();
    for (Path p : filesOrFolders) {
      files.addAll(expand(p, problems));
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Path file : files) {
      Scenario s = read(file, problems);
      if (s != null) {
        scenarios.add(s);
      }
    }
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    return scenarios;
  }

  private static List<Path> expand(Path path, List<Problem> problems) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries
          .filter(f -> Files.isRegularFile(f) && isScenarioFileName(f.getFileName().toString()))
          .sorted(Comparator.comparing(f -> f.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      problems.add(new Problem(path.toString(), 1, "", "cannot list folder: " + e.getMessage()));
      return List.of();
    }
  }

  private static boolean isScenarioFileName(String name) {
    return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith("_");
  }

  /** The scenario in {@code file}, or null after adding its problems, ordered by line. */
  private static Scenario read(Path file, List<Problem> problems) {
    List<Problem> found = new ArrayList<>();
    Scenario scenario = parse(file, file.toString(), found);
    found.sort(Comparator.comparingInt(Problem::line));
    problems.addAll(found);
    return found.isEmpty() ? scenario : null;
  }

  private static Scenario parse(Path file, String name, List<Problem> problems) {
    YamlFiles.Problems sink = (line, message) -> problems.add(new Problem(name, line, "", message));
    byte[] bytes = YamlFiles.read(file, KIND, sink);
    String text = bytes == null ? null : YamlFiles.decode(bytes, sink);
    MappingNode root = text == null ? null : YamlFiles.compose(text, KIND, YamlReader::describe, sink);
    if (root == null) {
      return null;
    }
    return new ScenarioReader(name, problems).read(root, file, sha256(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
