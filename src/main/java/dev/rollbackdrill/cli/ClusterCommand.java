package dev.rollbackdrill.cli;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterProvider;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.cluster.ClusterStatus;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill cluster up|down|status|kubeconfig}: the cluster drills run on. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the local cluster that drills run on by default.",
      "`drill run` uses an embedded throwaway cluster: k3s (Testcontainers) where a Docker",
      "engine answers (it pulls the k3s image if needed), otherwise this local cluster, built from Debian packages",
      "(the first start builds Kubernetes once: about 10 minutes on 2 cores; later starts take",
      "about 15 seconds). A k3s cluster lives only as long as its command, so these commands",
      "manage the local one unless --cluster names another.",
      "",
      "Examples:",
      "  drill cluster up                  # start (or find) the local cluster; prints its kubeconfig",
      "  kubectl --kubeconfig \"$(drill cluster kubeconfig)\" get pods -A",
      "  drill cluster down                # stop it; nothing is left running"
    },
    subcommands = {
      ClusterCommand.Up.class,
      ClusterCommand.Down.class,
      ClusterCommand.Status.class,
      ClusterCommand.Kubeconfig.class
    })
final class ClusterCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static class ProviderOption {
    @Option(
        names = {"-c", "--cluster"},
        defaultValue = "local",
        description =
            "local (default here: the only one that outlives the command), k3s, embedded (which of the two"
                + " a drill would use), or context:NAME")
    String cluster;

    ClusterProvider provider() {
      try {
        return ClusterProviders.of(cluster, System.err);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
      }
    }
  }

  @Command(name = "up", mixinStandardHelpOptions = true, description = "Start the cluster and wait until a node is Ready (idempotent).")
  static final class Up implements Callable<Integer> {
    @CommandLine.Mixin ProviderOption opt;

    @Override
    public Integer call() {
      PrintStream log = System.err;
      try {
        var handle = opt.provider().up(log);
        handle.kubeconfig().ifPresent(p -> System.out.println(p));
        return Main.OK;
      } catch (ClusterException e) {
        log.println("drill: " + e.getMessage());
        return Main.ENVIRONMENT;
      }
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the cluster; leaves no process or container behind.")
  static final class Down implements Callable<Integer> {
    @CommandLine.Mixin ProviderOption opt;

    @Override
    public Integer call() {
      try {
        opt.provider().down(System.err);
        return Main.OK;
      } catch (ClusterException e) {
        System.err.println("drill: " + e.getMessage());
        return Main.ENVIRONMENT;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "One line per component; exit 0 only when the cluster is ready.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Mixin ProviderOption opt;

    @Override
    public Integer call() {
      ClusterStatus s = opt.provider().status();
      s.lines().forEach(System.out::println);
      return s.ready() ? Main.OK : Main.ENVIRONMENT;
    }
  }

  @Command(name = "kubeconfig", mixinStandardHelpOptions = true, description = "Print the path of the cluster's kubeconfig.")
  static final class Kubeconfig implements Callable<Integer> {
    @CommandLine.Mixin ProviderOption opt;

    @Override
    public Integer call() {
      var path = opt.provider().kubeconfig();
      if (path.isEmpty()) {
        System.err.println("drill: " + opt.cluster + " keeps no kubeconfig on disk");
        return Main.ENVIRONMENT;
      }
      System.out.println(path.get());
      return Main.OK;
    }
  }
}
