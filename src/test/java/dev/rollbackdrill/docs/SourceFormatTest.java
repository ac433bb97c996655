package dev.rollbackdrill.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterProviders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The formatting every source file keeps, checked on each build: UTF-8 without tabs or carriage
 * returns, no trailing whitespace, a final newline, Java lines of at most {@value #MAX_JAVA} columns,
 * and no unused single-type imports.
 */
class SourceFormatTest {

  static final int MAX_JAVA = 140;
  private static final Path HOME = ClusterProviders.projectHome();

  @Test
  void everySourceFileIsFormatted() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path f : sources()) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      String name = HOME.relativize(f).toString();
      if (!text.isEmpty() && !text.endsWith("\n")) {
        problems.add(name + ": no newline at the end");
      }
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        String at = name + ":" + (i + 1) + " ";
        if (line.indexOf('\t') >= 0 && !name.endsWith("Makefile")) {
          problems.add(at + "tab");
        }
        if (line.indexOf('\r') >= 0) {
          problems.add(at + "carriage return");
        }
        if (!line.isEmpty() && Character.isWhitespace(line.charAt(line.length() - 1))) {
          problems.add(at + "trailing whitespace");
        }
        if (name.endsWith(".java") && line.length() > MAX_JAVA) {
          problems.add(at + "longer than " + MAX_JAVA + " columns (" + line.length() + ")");
        }
      }
      if (name.endsWith(".java")) {
        problems.addAll(unusedImports(name, text));
      }
    }
    assertThat(problems).as("formatting problems").isEmpty();
  }

  @Test
  void theCheckFindsWhatItLooksFor() {
    String java = "package x;\n\nimport java.util.List;\nimport java.util.Map;\n\nclass A { Map<String, String> m; }\n";
    assertThat(unusedImports("A.java", java)).containsExactly("A.java:3 unused import java.util.List");
  }

  private static final Pattern IMPORT = Pattern.compile("^import (?!static )([\\w.]+)\\.(\\w+);$", Pattern.MULTILINE);

  static List<String> unusedImports(String name, String text) {
    List<String> problems = new ArrayList<>();
    String body = IMPORT.matcher(text).replaceAll("");
    var m = IMPORT.matcher(text);
    while (m.find()) {
      String simple = m.group(2);
      if (!Pattern.compile("\\b" + simple + "\\b").matcher(body).find()) {
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        problems.add(name + ":" + line + " unused import " + m.group(1) + "." + simple);
      }
    }
    return problems;
  }

  private static List<Path> sources() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String dir : List.of("src", "ci", "scenarios", "drills", ".ci")) {
      Path d = HOME.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      // drills/ holds the recorded history (drills/YYYY/MM/...), data a drill run writes, not
      // source: only the folder's own files (README, plan) are checked.
      try (Stream<Path> s = dir.equals("drills") ? Files.list(d) : Files.walk(d)) {
        s.filter(Files::isRegularFile)
            .filter(p -> p.toString().matches(".*\\.(java|ftl|yaml|yml|sh|md|json|properties)$")
                || p.getFileName().toString().equals("run") || p.getFileName().toString().equals("Jenkinsfile"))
            .filter(p -> !p.toString().contains("/src/test/resources/dev/rollbackdrill/report/real-drills/"))
            .forEach(all::add);
      }
    }
    all.add(HOME.resolve("README.md"));
    all.add(HOME.resolve("pom.xml"));
    all.add(HOME.resolve("drill"));
    return all;
  }
}
