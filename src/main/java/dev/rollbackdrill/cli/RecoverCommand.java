package dev.rollbackdrill.cli;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.database.DatabaseRestore;
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
      "A drill writes what it will restore onto its own Lease (rollback-drill-DEPLOYMENT, which",
      "names the drill and its runner) before it changes anything, and deletes the Lease once the",
      "target is back as found. A Lease still carrying that record whose runner is gone (expired,",
      "or a process on this host that no longer exists) is a drill that did not finish: recover",
      "says which drill and what it will restore, then restores the target to its known-good",
      "template (and Service selector or flag), waits until it is healthy, puts its rollout",
      "history back as the drill found it, and deletes the Lease. Targets whose drill is still",
      "running are skipped. Nothing else is touched: a target no drill left changed stays as it",
      "is, whatever annotations it carries."
    },
    footer = {"", "Exit codes: 0 nothing left broken, 1 a target could not be restored, 3 no cluster.", "",
        "Examples:", "  drill recover --dry-run", "  drill recover",
        "  drill recover --cluster context:staging --namespace payments"})
final class RecoverCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-c", "--cluster"}, defaultValue = "local", description = "local (default), k3s, or context:NAME")
  String cluster;

  @Option(names = "--kubeconfig", description = "Kubeconfig for --cluster context:NAME.")
  Path kubeconfig;

  @Option(names = {"-n", "--namespace"}, description = "Only these namespaces (repeatable; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--dry-run", description = "Only say what would be restored, and from which drill; change nothing.")
  boolean dryRun;

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
    if (!dryRun) {
      // A killed harness's runbook credentials on this machine go too.
      dev.rollbackdrill.cluster.DrillKubeconfig.removeLeftovers();
    }
    try (KubernetesClient client = handle.newClient()) {
      Recovery recovery = new Recovery(client, Clock.systemUTC(), DatabaseRestore.forRecovery());
      List<Recovery.Outcome> outcomes = recovery.recover(namespaces, wait, m -> {
        out.println(m);
        out.flush();
      }, dryRun);
      if (outcomes.isEmpty()) {
        out.println("nothing to recover: no unfinished drill (no rollback-drill lease carries a known-good record)");
        return Main.OK;
      }
      for (Recovery.Outcome o : outcomes) {
        out.println((dryRun ? "" : o.ok() ? "restored " : "NOT RESTORED ") + o.namespace() + "/" + o.deployment() + ": "
            + o.action());
      }
      return outcomes.stream().allMatch(Recovery.Outcome::ok) ? Main.OK : Main.DRILL_FAILED;
    }
  }
}
