package dev.rollbackdrill.testing;

import dev.rollbackdrill.cli.Main;
import dev.rollbackdrill.cluster.ClusterProviders;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The {@code drill} command line for tests in any package: in-process ({@link #run}), or as a
 * real separate JVM from the shaded jar ({@link #start}), which a test can kill like an operator
 * would (SIGTERM, kill -9).
 */
public record DrillCli(int exit, String out, String err) {

  /** Runs the command line in-process and keeps what it printed. */
  public static DrillCli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new DrillCli(exit, out.toString(), err.toString());
  }

  /** The shaded command-line jar the build made in {@code package}, before the integration tests. */
  public static Path jar() {
    Path target = ClusterProviders.projectHome().resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(p -> p.getFileName().toString().matches("rollback-drill-.+-cli\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no rollback-drill-*-cli.jar in " + target + "; run mvn package"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code java -jar rollback-drill-*-cli.jar ARGS} as its own process. */
  public static Running start(String... args) {
    return start(java.util.Map.of(), args);
  }

  /** As {@link #start(String...)}, with {@code env} added to the process's environment. */
  public static Running start(java.util.Map<String, String> env, String... args) {
    return start(List.of(), env, args);
  }

  /**
   * As {@link #start(String...)}, with SIGINT's default action restored for the process first
   * (coreutils' {@code env --default-signal=INT}, which then execs the JVM under the same pid): a
   * JVM that inherits SIGINT ignored, as a background job of a non-interactive shell does, installs
   * no handler for it and would never see the Ctrl-C a test sends.
   */
  public static Running startInterruptible(String... args) {
    return start(List.of("env", "--default-signal=INT"), java.util.Map.of(), args);
  }

  private static Running start(List<String> prefix, java.util.Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Drollbackdrill.home=" + ClusterProviders.projectHome(),
        "-jar", jar().toString()));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(ClusterProviders.projectHome().toFile())
          .redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      return new Running(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A drill process and everything it printed so far (stdout and stderr, merged). */
  public static final class Running {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    Running(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            System.out.println("  [drill pid " + process.pid() + "] " + line);
            synchronized (lines) {
              lines.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException e) {
          // the process is gone
        }
        synchronized (lines) {
          ended = true;
          lines.notifyAll();
        }
      }, "drill-output-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    public Process process() {
      return process;
    }

    /** Waits until a printed line matches, or fails naming what was printed instead. */
    public String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (true) {
          for (String l : lines) {
            if (matches.test(l)) {
              return l;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0 || ended) {
            throw new AssertionError("the drill did not print the expected line within " + timeout.toSeconds()
                + " s" + (ended ? " (it exited)" : "") + "; it printed:\n" + String.join("\n", lines));
          }
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    /** Waits for the process to exit, and for its last output to be read; returns its exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the drill did not exit within " + timeout.toSeconds() + " s; it printed:\n" + output());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      synchronized (lines) {
        while (!ended && System.nanoTime() < deadline) {
          lines.wait(100);
        }
      }
      return process.exitValue();
    }

    public String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    /**
     * Waits for a printed line that matches, then kills the drill outright (SIGKILL, as kill -9),
     * and returns its exit code; it is dead afterwards whatever happened.
     */
    public int killNineAt(Predicate<String> matches, Duration timeout) throws InterruptedException {
      try {
        awaitLine(matches, timeout);
        process.toHandle().destroyForcibly();
        return waitFor(Duration.ofSeconds(10));
      } finally {
        killIfAlive();
      }
    }

    /** Kills it hard, if the test has not already ended it. */
    public void killIfAlive() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
