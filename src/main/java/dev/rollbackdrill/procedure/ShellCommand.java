package dev.rollbackdrill.procedure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one shell command of a team's (a runbook's rollback, a migration tool's migrate) and keeps
 * what it printed: at most {@link ProcedureOutput#MAX_BYTES}, its beginning and its end. A command
 * that outlives its timeout is killed with everything it started.
 */
public final class ShellCommand {

  /** How it ended: its exit code (-1 when killed on timeout), whether it timed out, and its output (stdout and stderr). */
  public record Result(int exit, boolean timedOut, String output) {}

  private ShellCommand() {}

  /** Where util-linux's setpriv is on Linux: what makes a command die with the harness. */
  static final java.nio.file.Path SETPRIV = java.nio.file.Path.of("/usr/bin/setpriv");

  /**
   * The argv that runs {@code script} with {@code shell}, set (where the system has setpriv) to
   * be killed when the harness dies, however it dies: a runbook of a harness killed outright
   * (kill -9) must not go on changing the target after {@code drill recover} has put it back.
   * (What the shell has started meanwhile ends on its own: one kubectl call, not the rest of the
   * runbook.)
   */
  public static List<String> diesWithHarness(String shell, String script) {
    List<String> argv = new java.util.ArrayList<>();
    if (java.nio.file.Files.isExecutable(SETPRIV)) {
      argv.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    }
    argv.addAll(List.of(shell, "-c", script));
    return argv;
  }

  /** Starts {@code pb} (its error stream merged into its output), waits at most {@code timeout}. */
  public static Result run(ProcessBuilder pb, Duration timeout) throws IOException, InterruptedException {
    pb.redirectErrorStream(true);
    Process p = pb.start();
    Capture out = new Capture(p.getInputStream());
    out.start();
    try {
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(p);
        out.join(2000);
        return new Result(-1, true, out.text());
      }
      out.join(2000);
      return new Result(p.exitValue(), false, out.text());
    } catch (InterruptedException | IOException e) {
      killTree(p);
      throw e;
    }
  }

  /** The last line of a command's output, for a one-line reason. */
  public static String lastLine(String s) {
    String t = s.strip();
    int nl = t.lastIndexOf('\n');
    return nl < 0 ? t : t.substring(nl + 1);
  }

  /**
   * Kills the shell, then what it started. The shell goes first so that it cannot report its
   * children's deaths ("Killed") into the output, where it would read as the command's last word;
   * its children are listed before it dies, as they are no longer its descendants afterwards.
   */
  private static void killTree(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Reads a process's output on its own thread so a chatty command cannot block on a full pipe.
   * Keeps the first bytes and the most recent ones (a ring), within {@link ProcedureOutput#MAX_BYTES}.
   */
  static final class Capture extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    // Sized for the longest marker, so head + marker + tail never exceeds the budget.
    private final byte[] ring = new byte[ProcedureOutput.tailBytes(Long.MAX_VALUE)];
    private long total;
    private long ringWritten;

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
          accept(b, n);
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    synchronized void accept(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        if (head.size() < ProcedureOutput.HEAD_BYTES) {
          head.write(b[i]);
        } else {
          ring[(int) (ringWritten++ % ring.length)] = b[i];
        }
      }
      total += n;
    }

    synchronized String text() {
      int kept = (int) Math.min(ringWritten, ring.length);
      byte[] tail = new byte[kept];
      long start = ringWritten - kept;
      for (int i = 0; i < kept; i++) {
        tail[i] = ring[(int) ((start + i) % ring.length)];
      }
      return ProcedureOutput.join(head.toByteArray(), total, tail);
    }
  }
}
