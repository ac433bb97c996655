package dev.rollbackdrill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of the example scenarios, fed to {@link ScenarioLoader#load}: every
 * input is either a valid scenario or rejected with problems that each name the file, a line that
 * exists and a message. Nothing else may come out: no other exception, no stack trace, no problem
 * without a place. The seed is fixed, so a failure reproduces; the failing input is printed.
 */
class ScenarioFuzzTest {

  private static final long SEED = 20240606L;
  private static final int INPUTS = 6000;

  @TempDir Path dir;

  /** Small pieces of hostile or confusing YAML to splice in. */
  private static final List<String> TOKENS = List.of(
      "", "~", "null", "true", "no", "yes", "0", "-1", "1e309", "0x1F", "0o17", ".inf", "-.nan", "9223372036854775808",
      "99999999999999999999999", "3.14", "30", "30s", "-5s", "1h1h", "0s", "10ms", "P1D", "[]", "{}", "[a, b, [c]]",
      "{a: 1, b: [2]}", "\"quoted\"", "'single'", "\"unterminated", "'", "\"\\x00\"", "|", ">-", "&anchor", "*anchor",
      "*undefined", "!!binary aGVsbG8=", "!!python/object:os.system ls", "!!set {a, b}", "!!timestamp 2001-12-14",
      "!custom x", "<<: *anchor", "? complex key", "- item", "---", "...", "%YAML 1.1", "#comment", "key: value: more",
      "a: &x [*x]", "\t", "日本語", "🚀", "\u202Eevil", "\u0000", "\u0007", "\u001B[31m", "\uFEFF", "\u2028", "\\",
      "rollout-undo", "command", "revision", "broken", "noop", "crash-on-start", "readiness-failing", "demo");

  private static final List<String> KEYS = List.of(
      "name", "description", "tags", "target", "namespace", "deployment", "container", "fixture", "change", "type",
      "fault", "image", "env", "changeCause", "detect", "for", "restarts", "progressDeadline", "rollback", "procedure",
      "to", "revision", "run", "healthy", "http", "port", "path", "service", "expectStatus", "consecutive", "slo",
      "iterations", "timeouts", "preflight", "deploy", "verify", "<<", "?", "", "nаme" /* Cyrillic a */);

  @Test
  void randomMutationsOfTheExamplesAreLoadedOrRejectedWithFileLineAndMessage() throws IOException {
    List<String> seeds = examples();
    assertThat(seeds).hasSizeGreaterThanOrEqualTo(5);
    Random random = new Random(SEED);
    Map<String, Integer> byOperator = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    int problems = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = seeds.get(random.nextInt(seeds.size()));
      int mutations = 1 + random.nextInt(4);
      List<String> applied = new ArrayList<>();
      for (int m = 0; m < mutations; m++) {
        Mutation op = Mutation.values()[random.nextInt(Mutation.values().length)];
        text = op.apply(text, random);
        applied.add(op.name());
        byOperator.merge(op.name(), 1, Integer::sum);
      }
      Path file = dir.resolve("fuzz-" + i + ".yaml");
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(50) == 0) {
        // Not UTF-8 at all: a stray Latin-1 byte or a truncated multi-byte sequence.
        bytes = withInvalidUtf8(bytes, random);
        applied.add("INVALID_UTF8");
      }
      Files.write(file, bytes);
      int lines = lineBreaks(new String(bytes, StandardCharsets.UTF_8)) + 1;
      try {
        ScenarioLoader.load(file);
        accepted++;
      } catch (ScenarioException e) {
        rejected++;
        problems += e.problems().size();
        if (e.problems().isEmpty()) {
          failures.add(describe(i, applied, text, "ScenarioException without problems"));
        }
        for (Problem p : e.problems()) {
          String why = p.file() == null || !p.file().equals(file.toString()) ? "problem names file " + p.file()
              : p.line() < 1 ? "problem line " + p.line() + " < 1"
              : p.line() > lines ? "problem line " + p.line() + " beyond the file's " + lines + " lines"
              : p.message() == null || p.message().isBlank() ? "problem without a message"
              : p.message().contains("Exception") || p.message().contains("\tat ") ? "message shows an exception: " + p.message()
              : null;
          if (why != null) {
            failures.add(describe(i, applied, text, why + " [" + p + "]"));
          }
        }
      } catch (Throwable t) {
        failures.add(describe(i, applied, text, "threw " + t));
      }
      Files.delete(file);
    }
    System.out.printf("ScenarioFuzzTest: %d inputs tried (seed %d): %d loaded, %d rejected with %d problems; "
        + "mutations applied: %s%n", INPUTS, SEED, accepted, rejected, problems, byOperator);
    assertThat(failures).as(failures.size() + " inputs broke the loader's contract").isEmpty();
    assertThat(accepted + rejected).isEqualTo(INPUTS);
    // The mutations must mostly break things, or the test proves little.
    assertThat(rejected).isGreaterThan(INPUTS / 2);
  }

  @Test
  void aControlCharacterIsNamedAndReportedAtItsLine() throws IOException {
    Path file = dir.resolve("bell.yaml");
    Files.writeString(file, "name: bell\ndescription: fine\ntags: [a\u0007b]\n");

    assertThat(problems(file)).containsExactly(file + ":3 character U+0007 is not allowed in YAML; remove it, "
        + "or write it as an escape in a double-quoted string");
  }

  private static List<String> problems(Path file) {
    try {
      ScenarioLoader.load(file);
      return List.of();
    } catch (ScenarioException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  /** Line breaks as YAML counts them (NEL and the Unicode separators too). */
  private static int lineBreaks(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n')) {
        n++;
      }
    }
    return n;
  }

  private static String describe(int i, List<String> applied, String text, String why) {
    return "input #" + i + " " + applied + ": " + why + "\n---\n" + text + "\n---";
  }

  private static List<String> examples() throws IOException {
    Path folder = ExampleScenariosTest.scenariosFolder();
    try (Stream<Path> files = Files.list(folder)) {
      List<String> texts = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        texts.add(Files.readString(p));
      }
      return texts;
    }
  }

  private static byte[] withInvalidUtf8(byte[] bytes, Random r) {
    byte[] bad = r.nextBoolean() ? new byte[] {(byte) 0xE9} : new byte[] {(byte) 0xE2, (byte) 0x82};
    int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
    byte[] out = new byte[bytes.length + bad.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
    return out;
  }

  /** One kind of damage. Each works on the text's lines or characters and never fails itself. */
  enum Mutation {
    DELETE_LINE {
      @Override
      String apply(String t, Random r) {
        List<String> l = lines(t);
        if (!l.isEmpty()) {
          l.remove(r.nextInt(l.size()));
        }
        return join(l);
      }
    },
    DUPLICATE_LINE {
      @Override
      String apply(String t, Random r) {
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
      String apply(String t, Random r) {
        List<String> l = lines(t);
        if (l.size() > 1) {
          java.util.Collections.swap(l, r.nextInt(l.size()), r.nextInt(l.size()));
        }
        return join(l);
      }
    },
    REINDENT {
      @Override
      String apply(String t, Random r) {
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
      String apply(String t, Random r) {
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
        l.set(i, s.substring(0, s.indexOf(": ") + 2) + randomValue(r));
        return join(l);
      }
    },
    RENAME_KEY {
      @Override
      String apply(String t, Random r) {
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
        l.set(i, s.substring(0, start) + KEYS.get(r.nextInt(KEYS.size())) + s.substring(s.indexOf(':')));
        return join(l);
      }
    },
    INSERT_LINE {
      @Override
      String apply(String t, Random r) {
        List<String> l = lines(t);
        String indent = " ".repeat(2 * r.nextInt(3));
        String line = switch (r.nextInt(3)) {
          case 0 -> indent + KEYS.get(r.nextInt(KEYS.size())) + ": " + randomValue(r);
          case 1 -> indent + "- " + randomValue(r);
          default -> indent + TOKENS.get(r.nextInt(TOKENS.size()));
        };
        l.add(r.nextInt(l.size() + 1), line);
        return join(l);
      }
    },
    TRUNCATE {
      @Override
      String apply(String t, Random r) {
        return t.isEmpty() ? t : t.substring(0, r.nextInt(t.length()));
      }
    },
    INSERT_CHARS {
      @Override
      String apply(String t, Random r) {
        String[] odd = {"\u0000", "\u0001", "\u0007", "\u000B", "\u000C", "\r", "\u001B", "\u007F", "\u0085", "\u00A0",
            "\u2028", "\u2029", "\u200B", "\u202E", "\uFEFF", "\uFFFE", "\uFFFF", "é", "日", "🚀", "\uD83D" /* lone surrogate */,
            ":", "#", "&", "*", "!", "|", ">", "{", "}", "[", "]", ",", "%", "@", "`", "\"", "'", "\t", "\n", " "};
        int at = t.isEmpty() ? 0 : r.nextInt(t.length() + 1);
        return t.substring(0, at) + odd[r.nextInt(odd.length)] + t.substring(at);
      }
    },
    ANCHORS {
      @Override
      String apply(String t, Random r) {
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
      String apply(String t, Random r) {
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
        l.set(i, l.get(i).trim() + " " + randomValue(r));
        return join(l);
      }
    };

    abstract String apply(String text, Random random);

    static String randomValue(Random r) {
      return switch (r.nextInt(6)) {
        case 0 -> Long.toString(r.nextLong());
        case 1 -> Double.toString(r.nextGaussian() * 1e6);
        case 2 -> randomWord(r);
        case 3 -> "[" + randomWord(r) + ", " + r.nextInt(100) + "]";
        case 4 -> "{" + randomWord(r) + ": " + randomWord(r) + "}";
        default -> TOKENS.get(r.nextInt(TOKENS.size()));
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
  }
}
