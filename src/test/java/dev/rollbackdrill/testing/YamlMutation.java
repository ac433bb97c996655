package dev.rollbackdrill.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded kinds of damage to a YAML file, for fuzz tests of the scenario and plan loaders: lines
 * deleted, duplicated, swapped, re-indented; values and keys replaced from a {@link Vocabulary};
 * truncation, odd characters, anchors, a section turned into a scalar. Each works on the text's
 * lines or characters and never fails itself.
 */
public enum YamlMutation {

  DELETE_LINE {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      if (!l.isEmpty()) {
        l.remove(r.nextInt(l.size()));
      }
      return join(l);
    }
  },
  DUPLICATE_LINE {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      if (!l.isEmpty()) {
        int i = r.nextInt(l.size());
        l.add(r.nextInt(l.size() + 1), l.get(i));
      }
      return join(l);
    }
  },
  SWAP_LINES {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      if (l.size() > 1) {
        java.util.Collections.swap(l, r.nextInt(l.size()), r.nextInt(l.size()));
      }
      return join(l);
    }
  },
  REINDENT {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      if (!l.isEmpty()) {
        int i = r.nextInt(l.size());
        String s = l.get(i).stripLeading();
        String indent = switch (r.nextInt(4)) {
          case 0 -> "";
          case 1 -> " ".repeat(1 + r.nextInt(7));
          case 2 -> "\t";
          default -> " ".repeat(r.nextInt(3)) + "\t ";
        };
        l.set(i, indent + s);
      }
      return join(l);
    }
  },
  REPLACE_VALUE {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      List<Integer> withValue = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (l.get(i).contains(": ")) {
          withValue.add(i);
        }
      }
      if (withValue.isEmpty()) {
        return t;
      }
      int i = withValue.get(r.nextInt(withValue.size()));
      String s = l.get(i);
      l.set(i, s.substring(0, s.indexOf(": ") + 2) + randomValue(r, v));
      return join(l);
    }
  },
  RENAME_KEY {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      List<Integer> keyed = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (l.get(i).matches("\\s*[A-Za-z]+:.*")) {
          keyed.add(i);
        }
      }
      if (keyed.isEmpty()) {
        return t;
      }
      int i = keyed.get(r.nextInt(keyed.size()));
      String s = l.get(i);
      int start = s.length() - s.stripLeading().length();
      l.set(i, s.substring(0, start) + v.keys().get(r.nextInt(v.keys().size())) + s.substring(s.indexOf(':')));
      return join(l);
    }
  },
  INSERT_LINE {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      String indent = " ".repeat(2 * r.nextInt(3));
      String line = switch (r.nextInt(3)) {
        case 0 -> indent + v.keys().get(r.nextInt(v.keys().size())) + ": " + randomValue(r, v);
        case 1 -> indent + "- " + randomValue(r, v);
        default -> indent + v.tokens().get(r.nextInt(v.tokens().size()));
      };
      l.add(r.nextInt(l.size() + 1), line);
      return join(l);
    }
  },
  TRUNCATE {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      return t.isEmpty() ? t : t.substring(0, r.nextInt(t.length()));
    }
  },
  INSERT_CHARS {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      String[] odd = {"\u0000", "\u0001", "\u0007", "\u000B", "\u000C", "\r", "\u001B", "\u007F", "\u0085", "\u00A0",
          "\u2028", "\u2029", "\u200B", "\u202E", "\uFEFF", "\uFFFE", "\uFFFF", "é", "日", "🚀", "\uD83D" /* lone surrogate */,
          ":", "#", "&", "*", "!", "|", ">", "{", "}", "[", "]", ",", "%", "@", "`", "\"", "'", "\t", "\n", " "};
      int at = t.isEmpty() ? 0 : r.nextInt(t.length() + 1);
      return t.substring(0, at) + odd[r.nextInt(odd.length)] + t.substring(at);
    }
  },
  ANCHORS {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      List<String> l = lines(t);
      List<Integer> withValue = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (l.get(i).matches("\\s*[A-Za-z]+:.*")) {
          withValue.add(i);
        }
      }
      if (withValue.size() < 2) {
        return t;
      }
      int a = withValue.get(r.nextInt(withValue.size()));
      int b = withValue.get(r.nextInt(withValue.size()));
      String sa = l.get(a);
      int colon = sa.indexOf(':');
      // Anchor a value (scalar or the nested block below it), then refer to it elsewhere.
      l.set(a, sa.substring(0, colon + 1) + " &x" + sa.substring(colon + 1));
      String sb = l.get(b);
      String ref = switch (r.nextInt(4)) {
        case 0 -> sb.substring(0, sb.indexOf(':') + 1) + " *x";
        case 1 -> sb.substring(0, sb.length() - sb.stripLeading().length()) + "<<: *x";
        case 2 -> sb.substring(0, sb.indexOf(':') + 1) + " *nowhere";
        default -> sb.substring(0, sb.indexOf(':') + 1) + " [*x, *x, *x]";
      };
      l.set(b, ref);
      return join(l);
    }
  },
  TYPE_CONFUSION {
    @Override
    public String apply(String t, Random r, Vocabulary v) {
      // A whole section turned into a scalar, a list or a flow mapping.
      List<String> l = lines(t);
      List<Integer> sections = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (l.get(i).matches("[A-Za-z]+:\\s*")) {
          sections.add(i);
        }
      }
      if (sections.isEmpty()) {
        return t;
      }
      int i = sections.get(r.nextInt(sections.size()));
      l.set(i, l.get(i).trim() + " " + randomValue(r, v));
      return join(l);
    }
  };

  /** The damaged text; never fails itself. */
  public abstract String apply(String text, Random random, Vocabulary vocabulary);

  static String randomValue(Random r, Vocabulary v) {
    return switch (r.nextInt(6)) {
      case 0 -> Long.toString(r.nextLong());
      case 1 -> Double.toString(r.nextGaussian() * 1e6);
      case 2 -> randomWord(r);
      case 3 -> "[" + randomWord(r) + ", " + r.nextInt(100) + "]";
      case 4 -> "{" + randomWord(r) + ": " + randomWord(r) + "}";
      default -> v.tokens().get(r.nextInt(v.tokens().size()));
    };
  }

  static String randomWord(Random r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append((char) (r.nextInt(5) == 0 ? 0x20 + r.nextInt(0x5F) : 'a' + r.nextInt(26)));
    }
    return b.toString();
  }

  static List<String> lines(String t) {
    return new ArrayList<>(List.of(t.split("\n", -1)));
  }

  static String join(List<String> l) {
    return String.join("\n", l);
  }

  /** The keys a file's own format knows (and near misses), and hostile or confusing values to splice in. */
  public record Vocabulary(List<String> keys, List<String> tokens) {}

  /** Line breaks as YAML counts them (NEL and the Unicode separators too). */
  public static int lineBreaks(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n')) {
        n++;
      }
    }
    return n;
  }

  /** {@code bytes} with a stray Latin-1 byte or a truncated multi-byte sequence inserted: not UTF-8. */
  public static byte[] withInvalidUtf8(byte[] bytes, Random r) {
    byte[] bad = r.nextBoolean() ? new byte[] {(byte) 0xE9} : new byte[] {(byte) 0xE2, (byte) 0x82};
    int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
    byte[] out = new byte[bytes.length + bad.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
    return out;
  }
}
