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
      Pattern.compile("<!-- example: (\\S+) -->\\n```yaml\\n(.*?)```", Pattern.DOTALL);

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
      assertThat(ScenarioLoader.load(file).name()).isNotBlank();
      seen.add(m.group(1));
    }
    assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
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
