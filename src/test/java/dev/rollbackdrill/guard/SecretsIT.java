package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay secret: a scenario's environment values, the cluster's token and the values of the
 * harness's own secret-looking environment variables (which a runbook inherits), even when a
 * runbook command prints them, appear nowhere in what a drill writes: console, drill records,
 * histogram logs, JUnit XML, the dry-run plan.
 */
@OnLocalCluster
class SecretsIT {

  static final String SECRET = "s3cr3t-Value-123";

  /** A bad-config release carrying a password; the runbook rolls back and then prints it. */
  static final String LEAKY_RUNBOOK = """
      name: NAME
      target:
        namespace: NS
        deployment: demo
        fixture: demo
      change:
        type: broken
        fault: bad-config
        env:
          DEMO_FAULT: badconfig
          DEMO_DB_URL: "mysql://wrong-host"
          DB_PASSWORD: "SECRET"
        changeCause: "bad-config: password rotated"
      detect:
        type: crash-looping
        restarts: 1
      rollback:
        procedure: command
        run: |
      RUN
      slo: 60s
      """;

  private static Path scenario(Path dir, String name, TestNamespace ns, String... run) throws Exception {
    StringBuilder cmd = new StringBuilder();
    for (String line : run) {
      cmd.append("    ").append(line).append('\n');
    }
    Path p = dir.resolve(name + ".yaml");
    Files.writeString(p, LEAKY_RUNBOOK.replace("NAME", name).replace("NS", ns.name()).replace("SECRET", SECRET)
        .replace("RUN\n", cmd.toString()));
    return p;
  }

  @Test
  void envValuesAndTheClusterTokenNeverAppearInOutputRecordsOrReports(
      ClusterHandle cluster, KubernetesClient client, TestNamespace ns, @TempDir Path dir) throws Exception {
    String token = cluster.config().getAutoOAuthToken();
    assertThat(token).as("the local cluster authenticates with a token").isNotBlank();
    // Passes: undoes, then prints the password as its last line (which becomes the trigger's summary).
    // It first checks that the value reached the cluster (the candidate's template), so the test is
    // not vacuous: the drill deletes the candidate's ReplicaSet afterwards.
    Path passes = scenario(dir, "secret-printed", ns,
        "kubectl -n " + ns.name() + " get rs -o yaml | grep -q " + SECRET + " && echo the-value-reached-the-cluster",
        "kubectl -n " + ns.name() + " rollout undo deployment/demo", "echo " + SECRET);
    // Fails: prints the password and then the kubeconfig's token as the last line (which becomes the reason).
    Path fails = scenario(dir, "token-printed", ns,
        "echo " + SECRET, "echo \"token $(kubectl config view --raw -o jsonpath='{.users[0].user.token}')\"", "exit 3");
    Path drills = dir.resolve("drills");
    Path junit = dir.resolve("junit");

    DrillCli run = DrillCli.run("run", passes.toString(), fails.toString(), "--cluster", "local",
        "--drills", drills.toString(), "--junit-xml", junit.toString());
    DrillCli plan = DrillCli.run("run", passes.toString(), fails.toString(), "--cluster", "local", "--dry-run");

    System.out.println(run.out() + run.err());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("secret-printed").contains("PASSED")
        .contains("token-printed").contains("runbook command exited 3: token ***")
        .contains("echo ***");

    List<String> written = new ArrayList<>();
    written.add("console: " + run.out() + run.err());
    written.add("dry-run: " + plan.out() + plan.err());
    int records = 0;
    for (Path folder : List.of(drills, junit)) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          written.add(f + ": " + Files.readString(f));
          records += f.toString().endsWith(".json") ? 1 : 0;
        }
      }
    }
    assertThat(records).as("drill records written").isEqualTo(2);
    assertThat(written).as("the value did reach the cluster").anyMatch(w -> w.contains("the-value-reached-the-cluster"));
    assertThat(written).as("JUnit XML written").anyMatch(w -> w.startsWith(junit.toString()) && w.contains("token-printed"));
    for (String w : written) {
      String where = w.substring(0, w.indexOf(": "));
      assertThat(w).as(where).doesNotContain(SECRET).doesNotContain(token);
    }
    assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out()).contains("set env DEMO_FAULT, DEMO_DB_URL, DB_PASSWORD (values not shown)").contains("echo ***");
  }

  @Test
  void theHarnessesOwnSecretEnvironmentValuesAreMaskedWhenARunbookPrintsThem(
      TestNamespace ns, @TempDir Path dir) throws Exception {
    String deployToken = "dpl-Tok3n-" + Long.toHexString(System.nanoTime());
    String harmless = "/opt/rollback-drill-" + Long.toHexString(System.nanoTime());
    // The runbook undoes, then prints what it inherited: the token (a secret by its name) and a
    // harmless value beside it, which must stay readable.
    Path scenario = scenario(dir, "env-printed", ns,
        "kubectl -n " + ns.name() + " rollout undo deployment/demo",
        "echo \"deploy token $CI_DEPLOY_TOKEN in $CI_TOOL_HOME\"");
    Path drills = dir.resolve("drills");
    Path junit = dir.resolve("junit");

    DrillCli.Running drill = DrillCli.start(java.util.Map.of("CI_DEPLOY_TOKEN", deployToken, "CI_TOOL_HOME", harmless),
        "run", scenario.toString(), "--cluster", "local", "--drills", drills.toString(), "--junit-xml", junit.toString());
    int exit;
    try {
      exit = drill.waitFor(java.time.Duration.ofMinutes(3));
    } finally {
      drill.killIfAlive();
    }

    assertThat(exit).as(drill.output()).isZero();
    assertThat(drill.output()).contains("runbook command exited 0: deploy token *** in " + harmless);
    List<String> written = new ArrayList<>(List.of("console: " + drill.output()));
    for (Path folder : List.of(drills, junit)) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          written.add(f + ": " + Files.readString(f));
        }
      }
    }
    assertThat(written).anyMatch(w -> w.contains("\"procedureOutput\"") && w.contains("deploy token *** in " + harmless));
    for (String w : written) {
      assertThat(w).as(w.substring(0, w.indexOf(": "))).doesNotContain(deployToken);
    }
  }
}
