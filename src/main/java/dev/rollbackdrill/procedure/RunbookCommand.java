package dev.rollbackdrill.procedure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code command}: the runbook's own rollback command, run verbatim by {@code /bin/sh -c} with the
 * drill's kubeconfig as {@code KUBECONFIG}. A non-zero exit or a timeout fails the drill with the
 * command's output as the reason: that is how a drill catches a runbook that drifted.
 */
final class RunbookCommand implements RollbackProcedure {

  /** Most output kept with a record; a runaway command must not fill the history. */
  static final int MAX_OUTPUT = 16 * 1024;

  private final String command;

  RunbookCommand(String command) {
    this.command = command;
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
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
    if (ctx.kubeconfig() != null) {
      pb.environment().put("KUBECONFIG", ctx.kubeconfig().toString());
    }
    pb.environment().put("DRILL_NAMESPACE", ctx.namespace());
    pb.environment().put("DRILL_DEPLOYMENT", ctx.deployment());
    pb.environment().put("DRILL_KNOWN_GOOD_REVISION", Long.toString(ctx.knownGoodRevision()));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ProcedureException("runbook command could not start: " + e.getMessage(), "");
    }
    try {
      p.getOutputStream().close();
      Capture out = new Capture(p.getInputStream());
      out.start();
      boolean done = p.waitFor(ctx.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        out.join(2000);
        throw new ProcedureException(
            "runbook command timed out after " + ctx.timeout().toSeconds() + " s: " + command, out.text());
      }
      out.join(2000);
      String text = out.text();
      if (p.exitValue() != 0) {
        throw new ProcedureException(
            "runbook command exited " + p.exitValue() + ": " + lastLine(text), text);
      }
      return new Outcome("runbook command exited 0" + (text.isBlank() ? "" : ": " + lastLine(text)), text);
    } catch (InterruptedException | IOException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProcedureException("runbook command interrupted", "");
    }
  }

  private static String lastLine(String s) {
    String t = s.strip();
    int nl = t.lastIndexOf('\n');
    return nl < 0 ? t : t.substring(nl + 1);
  }

  /** Reads a process's output on its own thread so a chatty command cannot block on a full pipe. */
  private static final class Capture extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Capture(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] b = new byte[4096];
      try {
        int n;
        while ((n = in.read(b)) > 0) {
          synchronized (buf) {
            if (buf.size() < MAX_OUTPUT) {
              buf.write(b, 0, Math.min(n, MAX_OUTPUT - buf.size()));
            }
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
