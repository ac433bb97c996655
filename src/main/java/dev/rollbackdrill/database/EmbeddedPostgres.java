package dev.rollbackdrill.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The throwaway PostgreSQL the project starts for itself ({@code ci/cluster/postgres.sh}): Debian's
 * server with its own data directory on this machine, listening on loopback and on the local
 * cluster's bridge, the {@code demo} database and its {@code demo_app} role. Started on demand,
 * stopped by {@code drill db down} or {@code drill cluster down}.
 */
public final class EmbeddedPostgres {

  private final Path script;

  /** The server {@code postgres.sh} in {@code scripts} (see {@code ClusterScripts.folder()}) runs. */
  public EmbeddedPostgres(Path scripts) {
    this.script = scripts.resolve("postgres.sh");
  }

  /** Starts the server if it is not running (idempotent) and returns how to reach its demo database. */
  /**
   * The running server, as {@code up} wrote it to its env file: its demo database, and the address
   * pods reach it at (the cluster's bridge, {@code RBD_PODS_HOST}), or null when it listens on
   * loopback only.
   */
  public record Running(Database database, String podsHost) {}

  public Running up(PrintStream log) throws DatabaseException {
    List<String> lines = run(log, "up");
    return read(Path.of(lines.get(lines.size() - 1).trim()));
  }

  public void down(PrintStream log) throws DatabaseException {
    run(log, "down");
  }

  /** Prints the status line; true when the server answers. */
  public boolean status(PrintStream log) {
    try {
      run(log, "status");
      return true;
    } catch (DatabaseException e) {
      return false;
    }
  }

  /** The running server, from the env file {@code up} wrote. */
  static Running read(Path envFile) throws DatabaseException {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new DatabaseException("cannot read " + envFile + ": " + e.getMessage(), e);
    }
    for (String key : List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD")) {
      if (!env.containsKey(key)) {
        throw new DatabaseException(envFile + " has no " + key + ": run `drill db down` and `drill db up` again", null);
      }
    }
    String podsHost = env.get("RBD_PODS_HOST");
    return new Running(new Database("jdbc:postgresql://" + env.get("PGHOST") + ":" + env.get("PGPORT") + "/"
        + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD")), podsHost == null || podsHost.isEmpty() ? null : podsHost);
  }

  private List<String> run(PrintStream log, String command) throws DatabaseException {
    if (!Files.isRegularFile(script)) {
      throw new DatabaseException(script + " not found: the embedded PostgreSQL needs the project's ci/ folder", null);
    }
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command);
    pb.redirectError(ProcessBuilder.Redirect.PIPE);
    List<String> out = new ArrayList<>();
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      Thread errors = new Thread(() -> copy(p, log), "postgres.sh-stderr");
      errors.start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          out.add(line);
        }
      }
      int exit = p.waitFor();
      errors.join();
      if (exit != 0 || ("up".equals(command) && out.isEmpty())) {
        throw new DatabaseException("postgres.sh " + command + " failed (exit " + exit + ")", null);
      }
      return out;
    } catch (IOException e) {
      throw new DatabaseException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseException("interrupted while running postgres.sh " + command, e);
    }
  }

  private static void copy(Process p, PrintStream log) {
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = err.readLine()) != null; ) {
        if (log != null) {
          log.println(line);
          log.flush();
        }
      }
    } catch (IOException e) {
      // the script ended; its exit code says how
    }
  }
}
