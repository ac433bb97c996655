package dev.rollbackdrill.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the fields of one composed YAML file (a scenario, a plan) and adds every problem it finds
 * to a list, each with its file, line and dotted field path. It walks SnakeYAML's nodes rather than
 * constructed objects, so each value keeps its line and nothing in a file can choose a Java class.
 * A loader owns the meaning of its fields; this reader owns how they are found and how their
 * mistakes are worded, the same for every kind of file: unknown and duplicate fields, required
 * and empty fields, fields not allowed here, and values that are not the text, whole number, list,
 * mapping or choice expected. Readers keep going after a bad value (returning null for it) so that
 * one pass reports everything.
 */
public final class YamlReader {

  /** What a required field that is absent is reported as. */
  public static final String REQUIRED = "required field missing";

  private final String file;
  private final List<Problem> problems;
  private final Map<String, List<String>> knownKeys;

  /**
   * @param file the file as the caller named it, for the problems
   * @param problems where problems are added
   * @param knownKeys the known fields of each mapping by dotted path ("" is the top level, "[]"
   *     stands for any list index, as in {@code drills[]}); a mapping not named has free-form keys
   */
  public YamlReader(String file, List<Problem> problems, Map<String, List<String>> knownKeys) {
    this.file = file;
    this.problems = problems;
    this.knownKeys = knownKeys;
  }

  /**
   * A field that is present and not empty: its dotted path, the line of its key (of the value
   * itself for a list item) and its value.
   */
  public record Field(String path, int keyLine, Node node) {

    /** A value without a key of its own: a list item, or a mapping's key read as a value. */
    public static Field of(String path, Node node) {
      return new Field(path, line(node), node);
    }
  }

  /** The file's top-level mapping; a missing top-level field is reported at line 1. */
  public Section top(MappingNode root) {
    return new Section("", 1, root);
  }

  // Value readers: null in, null out; a bad value adds a problem and gives null.

  /** The mapping {@code f} holds, its keys checked; a problem and null if it is no mapping. */
  public Section section(Field f) {
    if (f == null) {
      return null;
    }
    if (f.node() instanceof MappingNode m) {
      return new Section(f.path(), f.keyLine(), m);
    }
    problem(f, "expected a mapping, got " + describe(f.node()));
    return null;
  }

  /**
   * The items of the list {@code f} holds, each a field {@code path[i]}; a problem and null if it
   * is no list.
   *
   * @param expected what the list is, for the problem ("a list", "a list of drills")
   */
  public List<Field> list(Field f, String expected) {
    if (f == null) {
      return null;
    }
    if (!(f.node() instanceof SequenceNode seq)) {
      problem(f, "expected " + expected + ", got " + describe(f.node()));
      return null;
    }
    List<Field> items = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      items.add(Field.of(f.path() + "[" + i + "]", seq.getValue().get(i)));
    }
    return items;
  }

  /** Text: a string, not a number or boolean (which get a hint how to quote them). */
  public String text(Field f) {
    if (f == null) {
      return null;
    }
    if (f.node() instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
      return s.getValue();
    }
    // A number or boolean where text belongs (PORT: 8080, FLAG: on) is usually meant as text.
    String hint =
        f.node() instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())
            ? "; write \"" + clip(s.getValue()) + "\" if it is meant as text"
            : "";
    problem(f, "expected text, got " + describe(f.node()) + hint);
    return null;
  }

  /** Text that matches {@code pattern} whole and has at most {@code maxLength} characters. */
  public String matching(Field f, Pattern pattern, int maxLength, String rule) {
    String s = text(f);
    if (s != null && (s.length() > maxLength || !pattern.matcher(s).matches())) {
      problem(f, "'" + clip(s) + "' is not " + rule);
      return null;
    }
    return s;
  }

  /** A whole number written in decimal, from {@code min} to {@code max}. */
  public Integer integer(Field f, int min, int max) {
    if (f == null) {
      return null;
    }
    if (!(f.node() instanceof ScalarNode s
        && Tag.INT.equals(s.getTag())
        && s.getValue().matches("[-+]?[0-9]+"))) {
      problem(f, "expected a whole number, got " + describe(f.node()));
      return null;
    }
    BigInteger v = new BigInteger(s.getValue());
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      problem(
          f,
          (max == Integer.MAX_VALUE && v.compareTo(BigInteger.valueOf(min)) < 0
                  ? "must be at least " + min
                  : "must be between " + min + " and " + max)
              + ", got "
              + clip(v.toString()));
      return null;
    }
    return v.intValue();
  }

  /** One of {@code values}, written as {@code name} spells it. */
  public <E> E choice(Field f, List<E> values, Function<E, String> name) {
    if (f == null) {
      return null;
    }
    String value = f.node() instanceof ScalarNode s ? s.getValue() : null;
    boolean text = f.node() instanceof ScalarNode s && Tag.STR.equals(s.getTag());
    List<String> names = values.stream().map(name).toList();
    int index = names.indexOf(value);
    if (text && index >= 0) {
      return values.get(index);
    }
    String expected = String.join(", ", names);
    problem(
        f,
        value == null || index >= 0 // a list, or a name tagged as something else than text
            ? "expected one of " + expected + ", got " + describe(f.node())
            : "unknown value '" + clip(value) + "'; expected one of " + expected);
    return null;
  }

  /** One mapping of the file, its keys checked against the known keys on construction. */
  public final class Section {
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Section(String path, int line, MappingNode node) {
      this.path = path;
      this.line = line;
      List<String> known = knownKeys.get(path.replaceAll("\\[\\d+]", "[]"));
      for (NodeTuple t : node.getValue()) {
        Node keyNode = t.getKeyNode();
        if (!(keyNode instanceof ScalarNode k)) {
          problem(YamlReader.line(keyNode), path, "field names must be plain text, got " + describe(keyNode));
          continue;
        }
        String key = k.getValue();
        NodeTuple first = entries.putIfAbsent(key, t);
        if (first != null) {
          problem(
              YamlReader.line(keyNode),
              field(key),
              "duplicate field; first defined on line " + YamlReader.line(first.getKeyNode()));
        } else if (known != null && !known.contains(key)) {
          // The closest name is the likely fix; without one, the whole list is.
          String hint = YamlFiles.suggestion(key, known);
          problem(
              YamlReader.line(keyNode),
              field(key),
              "unknown field" + (hint.isEmpty() ? "; expected " + String.join(", ", known) : hint));
        }
      }
    }

    /** The dotted path of this mapping, "" at the top. */
    public String path() {
      return path;
    }

    /** The line its fields are missing from: its key's, or 1 at the top. */
    public int line() {
      return line;
    }

    /** The entries by key, in file order; the first of duplicates. */
    public Map<String, NodeTuple> entries() {
      return Collections.unmodifiableMap(entries);
    }

    /** Whether {@code key} is there at all, empty or not. */
    public boolean has(String key) {
      return entries.containsKey(key);
    }

    /** The dotted path of this mapping's field {@code key}. */
    public String field(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * The field, or null if absent or empty; reports that as {@code missing} unless null (an empty
     * field required as {@link #REQUIRED} is reported as empty).
     */
    public Field get(String key, String missing) {
      NodeTuple t = entries.get(key);
      if (t == null) {
        if (missing != null) {
          problem(line, field(key), missing);
        }
        return null;
      }
      int keyLine = YamlReader.line(t.getKeyNode());
      if (t.getValueNode() instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
        if (missing != null) {
          problem(keyLine, field(key), missing.equals(REQUIRED) ? "required field is empty" : missing);
        }
        return null;
      }
      return new Field(field(key), keyLine, t.getValueNode());
    }

    /** As {@link #get}, but when not {@code allowed} a present field is reported as such. */
    public Field pick(String key, boolean allowed, String missing, String notAllowed) {
      if (allowed) {
        return get(key, missing);
      }
      NodeTuple t = entries.get(key);
      if (t != null) {
        problem(YamlReader.line(t.getKeyNode()), field(key), notAllowed);
      }
      return null;
    }
  }

  /** A problem with {@code f}, at the line of its value. */
  public void problem(Field f, String message) {
    problem(line(f.node()), f.path(), message);
  }

  /** A problem at {@code line} with {@code field} (empty: the whole file). */
  public void problem(int line, String field, String message) {
    // A problem is one line: a value quoted from a multi-line scalar shows its breaks escaped.
    String oneLine = message.replace("\r", "\\r").replace("\n", "\\n");
    problems.add(new Problem(file, line, field, oneLine));
  }

  /** The 1-based line a node starts on. */
  public static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** A node as a problem names it: "a list", "number 8080", "text 'x'", "an empty value". */
  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    Tag tag = s.getTag();
    String v = clip(s.getValue());
    if (Tag.NULL.equals(tag)) {
      return "an empty value";
    } else if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return "number " + v;
    } else if (Tag.BOOL.equals(tag)) {
      return "boolean " + v;
    } else if (Tag.TIMESTAMP.equals(tag)) {
      return "date " + v;
    } else if (Tag.STR.equals(tag)) {
      return "text '" + v + "'";
    }
    return "'" + v + "' tagged " + tag.getValue();
  }

  /** Keeps messages one short line even when a file holds a huge value. */
  public static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** The enum's constants as a list, for {@link #choice}. */
  public static <E extends Enum<E>> List<E> constants(Class<E> type) {
    return Stream.of(type.getEnumConstants()).toList();
  }
}
