package dev.rollbackdrill.cli;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.guard.Recovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill recover}: restores targets a killed drill left changed. */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = {
      "Restore targets a killed drill left changed.",
      "Finds Deployments a killed drill left behind (they carry the annotation",
      "rollback-drill/known-good) and restore each to its known-good template, then wait",
      "until it is healthy. Targets whose drill is still running (live lease) are skipped;",
      "a lease whose holder was a process on this host that no longer exists is not waited for."
    },
    footer = {"", "Exit codes: 0 nothing left broken, 1 a target could not be restored, 3 no cluster.", "",
        "Examples:", "  drill recover", "  drill recover --cluster context:staging --namespace payments"})
final class RecoverCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-c", "--cluster"}, defaultValue = "local", description = "local (default), k3s, or context:NAME")
  String cluster;

  @Option(names = "--kubeconfig", description = "Kubeconfig for --cluster context:NAME.")
  Path kubeconfig;

  @Option(names = {"-n", "--namespace"}, description = "Only these namespaces (repeatable; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "180s",
      description = "How long to wait for each target to be healthy (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration wait;
    try {
      wait = dev.rollbackdrill.scenario.Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      err.println("drill: --timeout: " + e.getMessage());
      return Main.BAD_INPUT;
    }
    ClusterHandle handle;
    try {
      handle = ClusterProviders.of(cluster, null, kubeconfig).up(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    } catch (ClusterException | IllegalArgumentException e) {
      err.println("drill: " + e.getMessage());
      return Main.ENVIRONMENT;
    }
    try (KubernetesClient client = handle.newClient()) {
      List<Recovery.Outcome> outcomes = new Recovery(client, Clock.systemUTC()).recover(namespaces, wait);
      if (outcomes.isEmpty()) {
        out.println("nothing to recover: no deployment carries rollback-drill/known-good");
        return Main.OK;
      }
      for (Recovery.Outcome o : outcomes) {
        out.println((o.ok() ? "restored " : "NOT RESTORED ") + o.namespace() + "/" + o.deployment() + ": " + o.action());
      }
      return outcomes.stream().allMatch(Recovery.Outcome::ok) ? Main.OK : Main.DRILL_FAILED;
    }
  }
}
