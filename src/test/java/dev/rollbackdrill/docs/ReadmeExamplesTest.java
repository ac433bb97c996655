package dev.rollbackdrill.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's scenario examples are the files in {@code scenarios/}, word for word, so the
 * examples a reader copies are the ones the integration tests run.
 */
class ReadmeExamplesTest {

  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- example: (\\S+) -->\\n```(?:yaml|sql)\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyReadmeExampleIsAScenarioFileVerbatimAndValid() throws Exception {
    Path home = ClusterProviders.projectHome();
    String readme = Files.readString(home.resolve("README.md"));
    Matcher m = EXAMPLE.matcher(readme);
    List<String> seen = new ArrayList<>();
    while (m.find()) {
      Path file = home.resolve(m.group(1));
      assertThat(file).as("README example " + m.group(1)).exists();
      assertThat(m.group(2)).as("README example " + m.group(1)).isEqualTo(Files.readString(file));
      if (m.group(1).endsWith(".sql")) {
        assertTranscript(readme, m.group(1));
      } else {
        assertThat(ScenarioLoader.load(file).name()).isNotBlank();
      }
      seen.add(m.group(1));
    }
    assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
  }

  /** Where the README shows {@code $ ./drill validate FILE} and its output, that is what the command prints. */
  private static void assertTranscript(String readme, String file) {
    String prompt = "$ ./drill validate " + file + "\n";
    int at = readme.indexOf(prompt);
    if (at < 0) {
      return;
    }
    String shown = readme.substring(at + prompt.length(), readme.indexOf("```", at));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    dev.rollbackdrill.cli.Main.execute(new String[] {"validate", file}, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(err, true));
    assertThat(out.toString()).as("README transcript of drill validate " + file).isEqualTo(shown);
  }

  @Test
  void theFirstTwoCommandsAreTheNewcomersContract() throws Exception {
    String readme = Files.readString(ClusterProviders.projectHome().resolve("README.md"));
    String firstBlock = readme.substring(readme.indexOf("```sh") + 5, readme.indexOf("```", readme.indexOf("```sh") + 5));
    List<String> commands = firstBlock.lines().map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> l.replaceAll("\\s+#.*", "")).toList();
    assertThat(commands).startsWith("./drill run scenarios/noop-undo.yaml", "./mvnw -B verify");
    String ci = Files.readString(ClusterProviders.projectHome().resolve(".ci/run"));
    assertThat(ci).contains("\n./mvnw -B verify\n").contains("./drill run scenarios/noop-undo.yaml");
  }
}
