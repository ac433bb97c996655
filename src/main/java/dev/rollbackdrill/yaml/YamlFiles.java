package dev.rollbackdrill.yaml;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Function;
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
 * Reading a YAML input file (a scenario, a drill plan) up to its top-level mapping, the same way
 * for every kind: a size limit, strict UTF-8, one document, no alias expansion bombs, and each
 * problem reported with its line. Fields are then read by the kind's own reader, which can use
 * {@link #suggestion} for unknown names.
 */
public final class YamlFiles {

  private YamlFiles() {}

  /** Receives a problem: its 1-based line and what is wrong (the field is the whole file). */
  @FunctionalInterface
  public interface Problems {
    void add(int line, String message);
  }

  /**
   * A kind of input file, for the messages.
   *
   * @param noun what a file of this kind is called ("scenario", "plan")
   * @param maxBytes larger files are refused unread
   * @param sizeLimit {@code maxBytes} in words ("1 MiB")
   * @param expected what an empty file should have held ("a scenario mapping")
   * @param oneDocument what to say about a second YAML document
   */
  public record Kind(
      String noun, int maxBytes, String sizeLimit, String expected, String oneDocument) {}

  /** The file's bytes, or {@code null} after a problem (missing, not a file, too large). */
  public static byte[] read(Path file, Kind kind, Problems problems) {
    try {
      if (!Files.exists(file)) {
        problems.add(1, "file does not exist");
        return null;
      }
      if (!Files.isRegularFile(file)) {
        problems.add(1, "not a file; expected a " + kind.noun() + " file");
        return null;
      }
      if (Files.size(file) > kind.maxBytes()) {
        problems.add(1, "file is larger than " + kind.sizeLimit() + "; refusing to read it");
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(1, "cannot read file: " + e.getMessage());
      return null;
    }
  }

  /** The bytes as text, or {@code null} after a problem when they are not UTF-8. */
  public static String decode(byte[] bytes, Problems problems) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      problems.add(1, "file is not valid UTF-8");
      return null;
    }
  }

  /**
   * The text's single document if it is a mapping, else {@code null} after a problem. A second
   * document is a problem too, but the first is still returned so that its fields are checked.
   *
   * @param describe how the kind names a node that is not a mapping ("a list")
   */
  public static MappingNode compose(
      String text, Kind kind, Function<Node, String> describe, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10); // no "billion laughs" expansion
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(kind.maxBytes());
    ParserImpl parser = new ParserImpl(new StreamReader(text), options);
    Composer composer = new Composer(parser, new Resolver(), options);
    try {
      Node root = composer.checkNode() ? composer.getNode() : null;
      if (root == null || root instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
        problems.add(1, "file is empty; expected " + kind.expected());
        return null;
      }
      if (!(root instanceof MappingNode mapping)) {
        problems.add(
            root.getStartMark().getLine() + 1,
            "expected a mapping of " + kind.noun() + " fields, got " + describe.apply(root));
        return null;
      }
      if (composer.checkNode()) {
        problems.add(
            parser.peekEvent().getStartMark().getLine() + 1,
            "more than one YAML document; " + kind.oneDocument());
      }
      return mapping;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(mark == null ? 1 : mark.getLine() + 1, "YAML syntax error: " + e.getProblem());
    } catch (ReaderException e) {
      // A control character: say which and where, not "special characters" at line 1.
      problems.add(lineOf(text, e.getPosition()),
          ("character U+%04X is not allowed in YAML; remove it, or write it as an escape in a"
              + " double-quoted string").formatted(e.getCodePoint()));
    } catch (YAMLException e) {
      problems.add(1, "cannot read YAML: " + e.getMessage());
    }
    return null;
  }

  /** "; did you mean 'x'?" for the closest known name within two edits, else "". */
  public static String suggestion(String key, Collection<String> known) {
    String best = null;
    int bestDistance = 3; // suggest only within two edits: further away is a guess
    for (String candidate : known) {
      int d = editDistance(key, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }

  /** The 1-based line of code point {@code index}, counting line breaks as YAML does. */
  static int lineOf(String text, int index) {
    int line = 1;
    int[] cps = text.codePoints().limit(Math.max(0, index)).toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029
          || c == '\r' && (i + 1 >= cps.length || cps[i + 1] != '\n')) {
        line++;
      }
    }
    return line;
  }
}
