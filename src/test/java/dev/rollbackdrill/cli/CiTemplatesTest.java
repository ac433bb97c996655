package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CI templates in {@code ci/} run only commands and options the command line really has, so
 * a renamed option fails this test instead of next month's drill. Each template is read the way
 * its CI reads it (the workflow and GitLab file as YAML, their {@code run}/{@code script} steps
 * as shell), every {@code ./drill ...} invocation is found, and its subcommands and option
 * names are looked up in picocli's model of {@link Main}.
 */
class CiTemplatesTest {

  /** Commands that hand their unknown options to another command, which must know them. */
  private static final Map<String, String> PASS_THROUGH = Map.of("drill plan run", "run");

  private static final Pattern DRILL = Pattern.compile("(?:^|[\\s;&|(])\\./drill\\s+([^;&|#)]*)");

  @Test
  void theGithubActionsWorkflowRunsOnlyRealCommands() throws IOException {
    Map<String, Object> workflow = yaml(Path.of("ci/github-actions/rollback-drills.yml"));
    // YAML 1.1 reads the key "on" as true.
    @SuppressWarnings("unchecked")
    Map<String, Object> on = (Map<String, Object>) (workflow.containsKey("on") ? workflow.get("on") : workflow.get(true));
    assertThat(on).containsKeys("schedule", "workflow_dispatch");

    List<String> scripts = new ArrayList<>();
    for (Object job : map(workflow.get("jobs")).values()) {
      for (Object step : (List<?>) map(job).get("steps")) {
        Object run = map(step).get("run");
        if (run != null) {
          scripts.add((String) run);
        }
      }
    }
    List<List<String>> commands = checkAll(scripts);

    assertThat(commands).extracting(CiTemplatesTest::path)
        .contains("drill plan show", "drill plan run", "drill report");
  }

  @Test
  void theGitlabPipelineRunsOnlyRealCommands() throws IOException {
    Map<String, Object> pipeline = yaml(Path.of("ci/gitlab/.gitlab-ci.yml"));
    List<String> scripts = new ArrayList<>();
    for (Object job : pipeline.values()) {
      if (job instanceof Map<?, ?> m) {
        for (String key : List.of("before_script", "script", "after_script")) {
          if (m.get(key) instanceof List<?> lines) {
            lines.forEach(l -> scripts.add((String) l));
          }
        }
      }
    }
    List<List<String>> commands = checkAll(scripts);

    assertThat(commands).extracting(CiTemplatesTest::path)
        .contains("drill plan show", "drill plan run", "drill report");
  }

  @Test
  void theGitlabPipelinePushesTheRecordsWhereAFailedPushFailsTheJobAndHasKubectl() throws IOException {
    Map<String, Object> job = map(yaml(Path.of("ci/gitlab/.gitlab-ci.yml")).get("rollback-drills"));
    String before = String.join("\n", strings(job.get("before_script")));
    String script = String.join("\n", strings(job.get("script")));
    String after = String.join("\n", strings(job.get("after_script")));

    // GitLab ignores a failing after_script: the push, and the report, must not live there.
    assertThat(after).doesNotContain("git push").doesNotContain("./drill");
    assertThat(script).containsSubsequence("./drill plan run", "./drill report", "git push",
        "could not push the drill records", "exit 1", "exit \"$drills\"");
    // eclipse-temurin:17-jdk has no kubectl, which runbook commands (procedure: command) call.
    assertThat(String.valueOf(job.get("image"))).startsWith("eclipse-temurin:17");
    assertThat(before).contains("https://dl.k8s.io/release/$KUBECTL_VERSION/").contains("sha256sum -c")
        .contains("kubectl version --client");
    assertThat(before.indexOf("kubectl version")).isLessThan(before.indexOf("./drill plan show"));
  }

  @Test
  void theJenkinsfileChecksTheAgentHasJavaKubectlAndGitFirst() throws IOException {
    String jenkinsfile = Files.readString(Path.of("ci/jenkins/Jenkinsfile"));

    assertThat(jenkinsfile).contains("Java 17", "kubectl on the PATH", "git, to push")
        .containsSubsequence("stage('Check the agent')", "for tool in java kubectl git", "stage('Validate the plan')");
  }

  @Test
  void theJenkinsfileRunsOnlyRealCommands() throws IOException {
    // Its sh steps are ''' blocks with one command a line, so the file is read as shell text,
    // less its Groovy comments.
    String shell = Files.readString(Path.of("ci/jenkins/Jenkinsfile")).replaceAll("(?m)^\\s*//.*$", "");
    List<List<String>> commands = checkAll(List.of(shell));

    assertThat(commands).extracting(CiTemplatesTest::path)
        .contains("drill plan show", "drill plan run", "drill report");
  }

  @Test
  void theReadmesMonthlyDrillsSectionRunsOnlyRealCommands() throws IOException {
    List<List<String>> commands = checkAll(readmeScripts("## Monthly drills that run themselves"));

    assertThat(commands).extracting(CiTemplatesTest::path)
        .contains("drill plan show", "drill plan who", "drill plan run", "drill report");
    assertThat(commands).as("the metrics section's commands").anyMatch(c -> c.contains("--push-metrics"))
        .anyMatch(c -> c.contains("--metrics-file"));
  }

  @Test
  void theReadmesOwnRepositorySectionRunsOnlyRealCommands() throws IOException {
    List<String> scripts = readmeScripts("## Using rollback-drill from your own repository");
    List<List<String>> commands = checkAll(scripts);

    assertThat(commands).extracting(CiTemplatesTest::path)
        .contains("drill validate", "drill plan show", "drill run", "drill report");
    List<String> init = words(scripts.get(0).strip());
    assertThat(init.subList(0, 3)).containsExactly("java", "-jar", "rollback-drill-0.1.0-cli.jar");
    assertThat(problems(init.subList(3, init.size()))).as("java -jar ... init").isEmpty();
    assertThat(path(init.subList(3, init.size()))).isEqualTo("drill init");
  }

  /** The {@code sh} blocks of the README section that starts with {@code heading}. */
  private static List<String> readmeScripts(String heading) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf(heading);
    assertThat(start).as("README section " + heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    Matcher blocks = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL)
        .matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<String> scripts = new ArrayList<>();
    while (blocks.find()) {
      scripts.add(blocks.group(1));
    }
    return scripts;
  }

  @Test
  void theCheckerCatchesAnUnknownSubcommandOrOption() {
    assertThat(problems(List.of("plan", "shwo"))).containsExactly("'./drill plan shwo': unknown argument 'shwo'");
    assertThat(problems(List.of("plan", "run", "--kubeconfig", "x", "--junit-xmll", "y")))
        .containsExactly("'./drill plan run --kubeconfig x --junit-xmll y': unknown option '--junit-xmll'");
    assertThat(problems(List.of("report", "--drills=drills", "--out", "reports"))).isEmpty();
  }

  private static List<List<String>> checkAll(List<String> scripts) {
    List<List<String>> commands = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String script : scripts) {
      for (List<String> args : drillCommands(script)) {
        commands.add(args);
        problems.addAll(problems(args));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(commands).as("./drill commands found").isNotEmpty();
    return commands;
  }

  /** Every {@code ./drill ARGS} in a shell script, with line continuations joined. */
  static List<List<String>> drillCommands(String script) {
    List<List<String>> found = new ArrayList<>();
    for (String line : script.replace("\\\n", " ").split("\n")) {
      Matcher m = DRILL.matcher(line);
      while (m.find()) {
        found.add(words(m.group(1)));
      }
    }
    return found;
  }

  /** Shell words: whitespace-separated, quotes grouping and removed. */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : s.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  /** The subcommand {@code ./drill ARGS} runs, e.g. {@code drill plan run}. */
  static String path(List<String> args) {
    CommandSpec cmd = new CommandLine(new Main()).getCommandSpec();
    for (String a : args) {
      if (!cmd.subcommands().containsKey(a)) {
        break;
      }
      cmd = cmd.subcommands().get(a).getCommandSpec();
    }
    return cmd.qualifiedName(" ");
  }

  /** What is wrong with {@code ./drill ARGS}: unknown subcommands, options or arguments. */
  static List<String> problems(List<String> args) {
    String shown = "'./drill " + String.join(" ", args) + "'";
    List<String> problems = new ArrayList<>();
    CommandLine root = new CommandLine(new Main());
    CommandSpec cmd = root.getCommandSpec();
    int i = 0;
    while (i < args.size() && cmd.subcommands().containsKey(args.get(i))) {
      cmd = cmd.subcommands().get(args.get(i)).getCommandSpec();
      i++;
    }
    String passTo = PASS_THROUGH.get(cmd.qualifiedName(" "));
    CommandSpec other = passTo == null ? null : root.getSubcommands().get(passTo).getCommandSpec();
    if (passTo != null) {
      assertThat(cmd.unmatchedArgsBindings()).as(cmd.qualifiedName() + " passes unknown options on").isNotEmpty();
    }
    for (; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("-")) {
        String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        OptionSpec o = cmd.findOption(name);
        if (o == null && other != null) {
          o = other.findOption(name);
        }
        if (o == null) {
          problems.add(shown + ": unknown option '" + name + "'");
        } else if (!a.contains("=") && o.arity().max() > 0) {
          i++;
        }
      } else if (cmd.positionalParameters().isEmpty()
          && (other == null || other.positionalParameters().isEmpty())) {
        problems.add(shown + ": unknown argument '" + a + "'");
      }
    }
    return problems;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }

  private static List<String> strings(Object list) {
    return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }
}
