package dev.rollbackdrill.procedure;

import dev.rollbackdrill.cluster.DrillKubeconfig;
import dev.rollbackdrill.scenario.Durations;
import java.io.IOException;

/**
 * {@code command}: the runbook's own rollback command, run verbatim by {@code /bin/sh -c} with
 * what the drill knows as {@code DRILL_*} variables and, as {@code KUBECONFIG}, a temporary
 * kubeconfig of the drill's own cluster and credentials only ({@link DrillKubeconfig}, written
 * from the procedure's client, so impersonation included), never the user's or the parent
 * process's: a runbook must not follow a current-context that points somewhere else.
 * A non-zero exit or a timeout fails the drill with the command's output as the reason: that is
 * how a drill catches a runbook that drifted. At most {@link ProcedureOutput#MAX_BYTES} of output
 * are kept, its beginning and its end.
 */
final class RunbookCommand implements RollbackProcedure {

  /** The shell, {@code /bin/sh}; the system property {@value #SHELL_PROPERTY} names another (for tests). */
  static final String SHELL_PROPERTY = "rollbackdrill.shell";

  private final String command;
  private final java.nio.file.Path shell;

  RunbookCommand(String command) {
    this(command, java.nio.file.Path.of(System.getProperty(SHELL_PROPERTY, "/bin/sh")));
  }

  RunbookCommand(String command, java.nio.file.Path shell) {
    this.command = command;
    this.shell = shell;
  }

  /** The distroless harness image has no shell: a runbook cannot run there, which preflight says. */
  @Override
  public java.util.Optional<String> unavailableReason() {
    if (java.nio.file.Files.isExecutable(shell)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("procedure: command runs the runbook with " + shell + ", which this harness does not"
        + " have (the harness image has no shell and no kubectl); run command scenarios where the runbook's shell and"
        + " tools are, such as a CI runner");
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public String describe(ProcedureContext ctx) {
    return "run the runbook command: " + command;
  }

  @Override
  public Outcome run(ProcedureContext ctx) throws ProcedureException {
    if (ctx.client() == null) {
      throw new ProcedureException("runbook command: no cluster client to write its kubeconfig from", "");
    }
    DrillKubeconfig kubeconfig;
    try {
      kubeconfig = DrillKubeconfig.write(ctx.client().getConfiguration());
    } catch (java.io.IOException | RuntimeException e) {
      throw new ProcedureException("runbook command: could not write its kubeconfig: " + e.getMessage(), "");
    }
    try (kubeconfig) {
      return run(ctx, kubeconfig);
    }
  }

  private Outcome run(ProcedureContext ctx, DrillKubeconfig kubeconfig) throws ProcedureException {
    ProcessBuilder pb = new ProcessBuilder(ShellCommand.diesWithHarness(shell.toString(), command)).redirectErrorStream(true);
    // Always set, whatever the parent had: the drill's cluster and nothing else.
    pb.environment().put("KUBECONFIG", kubeconfig.path().toString());
    pb.environment().put("DRILL_NAMESPACE", ctx.namespace());
    pb.environment().put("DRILL_DEPLOYMENT", ctx.deployment());
    pb.environment().put("DRILL_KNOWN_GOOD_REVISION", Long.toString(ctx.knownGoodRevision()));
    if (ctx.selector() != null) {
      pb.environment().put("DRILL_SERVICE", ctx.selector().service());
      pb.environment().put("DRILL_SELECTOR_LABEL", ctx.selector().label());
      pb.environment().put("DRILL_KNOWN_GOOD_COLOR", ctx.selector().knownGoodColour());
    }
    if (ctx.flag() != null) {
      pb.environment().put("DRILL_CONFIGMAP", ctx.flag().configMap());
      pb.environment().put("DRILL_FLAG_KEY", ctx.flag().key());
      if (ctx.flag().knownGoodValue() != null) {
        pb.environment().put("DRILL_KNOWN_GOOD_VALUE", ctx.flag().knownGoodValue());
      }
    }
    ShellCommand.Result r;
    try {
      r = ShellCommand.run(pb, ctx.timeout());
    } catch (IOException e) {
      throw new ProcedureException("runbook command could not start: " + e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcedureException("runbook command interrupted: " + command, "");
    }
    String text = r.output();
    if (r.timedOut()) {
      throw new ProcedureException(
          "runbook command timed out after " + Durations.format(ctx.timeout()) + " and was killed: " + command
              + (text.isBlank() ? " (no output)" : " (last output: " + ShellCommand.lastLine(text) + ")"),
          text);
    }
    if (r.exit() != 0) {
      throw new ProcedureException(
          "runbook command exited " + r.exit() + (text.isBlank() ? " with no output" : ": " + ShellCommand.lastLine(text)),
          text);
    }
    return new Outcome("runbook command exited 0" + (text.isBlank() ? "" : ": " + ShellCommand.lastLine(text)), text);
  }
}
