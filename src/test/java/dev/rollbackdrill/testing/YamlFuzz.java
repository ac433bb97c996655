package dev.rollbackdrill.testing;

import dev.rollbackdrill.yaml.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Feeds a loader random mutations ({@link YamlMutation}) of valid YAML files, and checks the
 * contract every loader of this project keeps: each input is loaded, or rejected with problems
 * that each name a file and a line that exist and say in words what is wrong; never a crash,
 * never an exception's name or stack trace in a message.
 */
public final class YamlFuzz {

  /** Loads one file: its problems, empty when it loaded. Anything it throws is a broken contract. */
  @FunctionalInterface
  public interface Loader {
    List<Problem> load(Path file) throws Exception;
  }

  /**
   * How many lines another file a problem names has, when problems may name it (a plan's problem
   * may point into one of its scenarios); null when they may not.
   */
  @FunctionalInterface
  public interface OtherFiles {
    Integer lines(Path named) throws IOException;
  }

  /** What a run saw: loaded and rejected inputs, problems reported, mutations by kind, and every breach. */
  public record Outcome(int accepted, int rejected, int problems, Map<String, Integer> byOperator, List<String> failures) {

    /** One line for the test's output. */
    public String summary(String test, int inputs, long seed) {
      return String.format("%s: %d inputs tried (seed %d): %d loaded, %d rejected with %d problems; "
          + "mutations applied: %s", test, inputs, seed, accepted, rejected, problems, byOperator);
    }
  }

  private YamlFuzz() {}

  /**
   * Writes {@code inputs} mutations of {@code seeds} to {@code dir} one at a time (1 to 4
   * mutations each, one in 50 also made invalid UTF-8), loads each and checks what came back.
   */
  public static Outcome run(Path dir, String prefix, List<String> seeds, long seed, int inputs,
      YamlMutation.Vocabulary vocabulary, Loader loader, OtherFiles others) throws IOException {
    Random random = new Random(seed);
    Map<String, Integer> byOperator = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    int problems = 0;
    for (int i = 0; i < inputs; i++) {
      String text = seeds.get(random.nextInt(seeds.size()));
      List<String> applied = new ArrayList<>();
      for (int m = 1 + random.nextInt(4); m > 0; m--) {
        YamlMutation op = YamlMutation.values()[random.nextInt(YamlMutation.values().length)];
        text = op.apply(text, random, vocabulary);
        applied.add(op.name());
        byOperator.merge(op.name(), 1, Integer::sum);
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(50) == 0) {
        // Not UTF-8 at all: a stray Latin-1 byte or a truncated multi-byte sequence.
        bytes = YamlMutation.withInvalidUtf8(bytes, random);
        applied.add("INVALID_UTF8");
      }
      Path file = dir.resolve(prefix + "-" + i + ".yaml");
      Files.write(file, bytes);
      int lines = YamlMutation.lineBreaks(new String(bytes, StandardCharsets.UTF_8)) + 1;
      try {
        List<Problem> found = loader.load(file);
        if (found.isEmpty()) {
          accepted++;
        } else {
          rejected++;
          problems += found.size();
          for (Problem p : found) {
            String why = breach(p, file, lines, others);
            if (why != null) {
              failures.add(describe(i, applied, text, why + " [" + p + "]"));
            }
          }
        }
      } catch (Throwable t) {
        failures.add(describe(i, applied, text, "threw " + t));
      }
      Files.delete(file);
    }
    return new Outcome(accepted, rejected, problems, byOperator, failures);
  }

  /** Why {@code p} breaks the contract (names no file it may, no line that exists, no message), or null. */
  static String breach(Problem p, Path file, int fileLines, OtherFiles others) throws IOException {
    if (p.file() == null) {
      return "problem names no file";
    }
    Path named = Path.of(p.file());
    Integer lines = named.equals(file) ? Integer.valueOf(fileLines) : others.lines(named);
    if (lines == null) {
      return "problem names file " + p.file() + ", not the input" + " nor a file it refers to";
    }
    if (p.line() < 1) {
      return "problem line " + p.line() + " < 1";
    }
    if (p.line() > lines) {
      return "problem line " + p.line() + " beyond the file's " + lines + " lines";
    }
    if (p.message() == null || p.message().isBlank()) {
      return "problem without a message";
    }
    if (p.message().contains("Exception") || p.message().contains("\tat ")) {
      return "message shows an exception: " + p.message();
    }
    return null;
  }

  private static String describe(int i, List<String> applied, String text, String why) {
    return "input #" + i + " " + applied + ": " + why + "\n---\n" + text + "\n---";
  }
}
