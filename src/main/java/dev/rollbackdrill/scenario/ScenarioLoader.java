package dev.rollbackdrill.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

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
    byte[] bytes;
    try {
      if (!Files.exists(file)) {
        problems.add(new Problem(name, 1, "", "file does not exist"));
        return null;
      }
      if (!Files.isRegularFile(file)) {
        problems.add(new Problem(name, 1, "", "not a file; expected a scenario file"));
        return null;
      }
      if (Files.size(file) > MAX_BYTES) {
        problems.add(new Problem(name, 1, "", "file is larger than 1 MiB; refusing to read it"));
        return null;
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(new Problem(name, 1, "", "cannot read file: " + e.getMessage()));
      return null;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(new Problem(name, 1, "", "file is not valid UTF-8"));
      return null;
    }
    Node root = compose(text, name, problems);
    if (root == null) {
      return null;
    }
    return new ScenarioReader(name, problems).read((MappingNode) root, file, sha256(bytes));
  }

  /** The file's single document if it is a mapping, else null after adding a problem. */
  private static Node compose(String text, String name, List<Problem> problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10); // no "billion laughs" expansion
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_BYTES);
    ParserImpl parser = new ParserImpl(new StreamReader(text), options);
    Composer composer = new Composer(parser, new Resolver(), options);
    try {
      Node root = composer.checkNode() ? composer.getNode() : null;
      if (root == null || root instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
        problems.add(new Problem(name, 1, "", "file is empty; expected a scenario mapping"));
        return null;
      }
      if (!(root instanceof MappingNode)) {
        problems.add(
            new Problem(
                name,
                ScenarioReader.line(root),
                "",
                "expected a mapping of scenario fields, got " + ScenarioReader.describe(root)));
        return null;
      }
      if (composer.checkNode()) {
        problems.add(
            new Problem(
                name,
                parser.peekEvent().getStartMark().getLine() + 1,
                "",
                "more than one YAML document; put each scenario in its own file"));
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      problems.add(new Problem(name, line, "", "YAML syntax error: " + e.getProblem()));
    } catch (ReaderException e) {
      // A control character: say which and where, not "special characters" at line 1.
      problems.add(new Problem(name, lineOf(text, e.getPosition()), "",
          "character U+%04X is not allowed in YAML; remove it, or write it as an escape in a double-quoted string"
              .formatted(e.getCodePoint())));
    } catch (YAMLException e) {
      problems.add(new Problem(name, 1, "", "cannot read YAML: " + e.getMessage()));
    }
    return null;
  }

  /** The 1-based line of code point {@code index}, counting line breaks as YAML does. */
  private static int lineOf(String text, int index) {
    int line = 1;
    int[] cps = text.codePoints().limit(Math.max(0, index)).toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029 || c == '\r' && (i + 1 >= cps.length || cps[i + 1] != '\n')) {
        line++;
      }
    }
    return line;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
