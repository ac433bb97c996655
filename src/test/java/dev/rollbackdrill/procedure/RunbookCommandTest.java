package dev.rollbackdrill.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The runbook command runs as written, with a kubeconfig of the drill's cluster only; its output is
 * kept, within 16 KiB, whether it fails or not. Nothing here connects to a cluster.
 */
class RunbookCommandTest {

  /** The user's kubeconfig as a drill might read it: its current context is production, the drill's is not. */
  static final String USERS_KUBECONFIG = """
      apiVersion: v1
      kind: Config
      clusters:
      - {name: prod, cluster: {server: "https://prod.example.invalid:6443"}}
      - {name: staging, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}
      users:
      - {name: admin, user: {token: prod-admin-token}}
      - {name: drills, user: {token: staging-drill-token}}
      contexts:
      - {name: prod, context: {cluster: prod, user: admin}}
      - {name: staging, context: {cluster: staging, user: drills}}
      current-context: prod
      """;

  private static final KubernetesClient CLIENT =
      new KubernetesClientBuilder().withConfig(Config.fromKubeconfig("staging", USERS_KUBECONFIG, null)).build();

  @AfterAll
  static void close() {
    CLIENT.close();
  }

  private static ProcedureContext ctx(Duration timeout) {
    return ctx(CLIENT, timeout);
  }

  private static ProcedureContext ctx(KubernetesClient client, Duration timeout) {
    return new ProcedureContext(client, "ns", "demo", 1, "abc", timeout);
  }

  @Test
  void aFailingCommandKeepsItsOutputAndSaysWhy() {
    assertThatThrownBy(() -> new RunbookCommand("echo rolling back; echo 'error: deployment not found' >&2; exit 1")
            .run(ctx(Duration.ofSeconds(10))))
        .isInstanceOfSatisfying(ProcedureException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("runbook command exited 1: error: deployment not found");
          assertThat(e.output()).isEqualTo("rolling back\nerror: deployment not found\n");
        });
  }

  @Test
  void aSilentFailureSaysItPrintedNothing() {
    assertThatThrownBy(() -> new RunbookCommand("exit 3").run(ctx(Duration.ofSeconds(10))))
        .hasMessage("runbook command exited 3 with no output");
  }

  @Test
  void aHangingCommandIsKilledAtItsTimeout() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> new RunbookCommand("echo waiting; sleep 60").run(ctx(Duration.ofMillis(500))))
        .isInstanceOfSatisfying(ProcedureException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(
              "runbook command timed out after 500ms and was killed: echo waiting; sleep 60 (last output: waiting)");
          assertThat(e.output()).isEqualTo("waiting\n");
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void passesWhatTheDrillKnowsAsEnvironment() throws Exception {
    ProcedureContext c = new ProcedureContext(CLIENT, "ns", "demo-blue", 1, "abc", Duration.ofSeconds(10), null,
        new ProcedureContext.ServiceSelector("demo", "color", "blue", "green"),
        new ProcedureContext.FlagSetting("demo-flags", "risky-path", "off", "on"));
    RollbackProcedure.Outcome o = new RunbookCommand(
        "echo $DRILL_NAMESPACE $DRILL_DEPLOYMENT $DRILL_SERVICE $DRILL_SELECTOR_LABEL=$DRILL_KNOWN_GOOD_COLOR"
            + " $DRILL_CONFIGMAP $DRILL_FLAG_KEY=$DRILL_KNOWN_GOOD_VALUE").run(c);

    assertThat(o.output()).isEqualTo("ns demo-blue demo color=blue demo-flags risky-path=off\n");
  }

  @Test
  void aRunawayCommandKeepsItsBeginningAndItsEndWithin16KiB() throws Exception {
    RollbackProcedure.Outcome o = new RunbookCommand(
        "echo FIRST-LINE; i=0; while [ $i -lt 3000 ]; do echo line $i of noise; i=$((i+1)); done; echo LAST-LINE")
        .run(ctx(Duration.ofSeconds(20)));

    assertThat(o.output().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ProcedureOutput.MAX_BYTES);
    assertThat(o.output()).startsWith("FIRST-LINE\n").endsWith("LAST-LINE\n").contains(" bytes omitted ...]");
  }

  @Test
  void clipLeavesShortTextAloneAndCutsLongTextToTheBudget() {
    assertThat(ProcedureOutput.clip("short")).isEqualTo("short");
    assertThat(ProcedureOutput.clip(null)).isNull();
    String longText = "a".repeat(10_000) + "b".repeat(10_000);
    String clipped = ProcedureOutput.clip(longText);

    assertThat(clipped.getBytes(StandardCharsets.UTF_8).length).isBetween(ProcedureOutput.MAX_BYTES - 8, ProcedureOutput.MAX_BYTES);
    assertThat(clipped).startsWith("aaaa").endsWith("bbbb").contains("[... 3" );
  }

  @Test
  void kubeconfigHoldsOnlyTheDrillsClusterAndCredentialsIsPrivateAndIsDeletedAfterwards() throws Exception {
    RollbackProcedure.Outcome o = new RunbookCommand(
        "echo \"$KUBECONFIG\"; stat -c %a \"$KUBECONFIG\"; cat \"$KUBECONFIG\"").run(ctx(Duration.ofSeconds(10)));

    List<String> lines = o.output().lines().toList();
    Path file = Path.of(lines.get(0));
    String yaml = String.join("\n", lines.subList(2, lines.size()));
    assertThat(lines.get(1)).as("file mode").isEqualTo("600");
    assertThat(file).as("deleted once the command returned").doesNotExist();
    assertThat(yaml).contains("https://127.0.0.1:1").contains("staging-drill-token").contains("insecure-skip-tls-verify: true")
        .doesNotContain("prod").doesNotContain("as:");
    // Exactly one context, and it is current: kubectl cannot wander to another one.
    Config seen = Config.fromKubeconfig(null, yaml, null);
    assertThat(seen.getContexts()).hasSize(1);
    assertThat(seen.getCurrentContext().getName()).isEqualTo("rollback-drill");
    assertThat(seen.getMasterUrl()).isEqualTo("https://127.0.0.1:1/");
    assertThat(seen.getAutoOAuthToken()).isEqualTo("staging-drill-token");
  }

  @Test
  void theParentsKubeconfigIsNeverInherited() throws Exception {
    // Whatever KUBECONFIG this JVM has (perhaps none), the command sees the drill's own file.
    RollbackProcedure.Outcome o = new RunbookCommand("echo \"$KUBECONFIG\"").run(ctx(Duration.ofSeconds(10)));

    assertThat(o.output().strip()).startsWith(System.getProperty("java.io.tmpdir")).endsWith(".kubeconfig")
        .isNotEqualTo(System.getenv("KUBECONFIG"));
  }

  @Test
  void kubeconfigImpersonatesTheOnCallIdentityWhenTheClientDoes() throws Exception {
    Config asOnCall = new ConfigBuilder(CLIENT.getConfiguration()).withImpersonateUsername("system:serviceaccount:oncall:rb")
        .withImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:oncall").build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(asOnCall).build()) {
      RollbackProcedure.Outcome o = new RunbookCommand("cat \"$KUBECONFIG\"").run(ctx(client, Duration.ofSeconds(10)));

      assertThat(o.output()).contains("as: \"system:serviceaccount:oncall:rb\"")
          .contains("as-groups:").contains("- \"system:serviceaccounts:oncall\"");
    }
  }

  @Test
  void withoutAShellTheCommandCannotRunAndSaysSoBeforeAnything() {
    assertThat(new RunbookCommand("kubectl rollout undo deployment/demo", Path.of("/nonexistent/sh")).unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("procedure: command runs the runbook with /nonexistent/sh,"
            + " which this harness does not have"));
    assertThat(new RunbookCommand("true").unavailableReason()).isEmpty();
  }

  @Test
  void aRunbookDiesWithItsHarnessEvenWhenTheHarnessIsKilledOutright() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(ShellCommand.SETPRIV), "Linux setpriv");
    // A stand-in harness (bash) starts the runbook as the harness does, then is killed with SIGKILL.
    String argv = String.join(" ", ShellCommand.diesWithHarness("/bin/sh", "sleep 300").stream()
        .map(a -> "'" + a + "'").toList());
    Process harness = new ProcessBuilder("bash", "-c", argv + " & wait").start();
    ProcessHandle runbook = null;
    for (int i = 0; i < 100 && runbook == null; i++) {
      runbook = harness.children().findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(runbook).as("the runbook started").isNotNull();

    harness.destroyForcibly();

    assertThat(runbook.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).isAlive()).as("the runbook died with it")
        .isFalse();
  }
}

