package dev.rollbackdrill.cli;

import dev.rollbackdrill.history.ToolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drill init}: makes a folder a team's drill repository: a {@code ./drill} launcher that
 * pins this release (its version and its jar's SHA-256), the baseline scenario and a plan. Never
 * overwrites a file, except a launcher an earlier {@code drill init} wrote (that is the upgrade).
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Make a folder your team's drill repository: ./drill (a launcher pinned to this version),",
      "scenarios/noop-undo.yaml and drills/plan.yaml. Files that exist are kept; a launcher an",
      "earlier init wrote is replaced, which is how a repository moves to a new version."
    },
    footer = {
      "", "Examples:",
      "  java -jar rollback-drill-VERSION-cli.jar init          (in your repository's root)",
      "  ./drill run scenarios/noop-undo.yaml                   (then: a drill on the local cluster)"
    })
final class InitCommand implements Callable<Integer> {

  /** The line that marks a launcher this command wrote (and may replace). */
  static final String LAUNCHER_MARK = "written by `drill init` (rollback-drill-launcher 1)";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "DIR", description = "The repository's root (default: the current folder).")
  Path dir = Path.of("");

  @Option(names = "--executed-by", paramLabel = "NAME",
      description = "First name on the plan's rotation (default: $USER).")
  String executedBy;

  private final Clock clock;

  InitCommand() {
    this(Clock.systemUTC());
  }

  InitCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path jar = runningJar();
    if (jar == null) {
      err.println("drill init: run it from the release jar (java -jar rollback-drill-"
          + ToolVersion.current() + "-cli.jar init), whose checksum the launcher pins");
      return Main.ENVIRONMENT;
    }
    Path root = dir.toAbsolutePath().normalize();
    try {
      String launcher = resource("drill")
          .replace("@VERSION@", ToolVersion.current())
          .replace("@SHA256@", sha256(jar));
      String who = executedBy != null ? executedBy : System.getenv().getOrDefault("USER", "on-call");
      String plan = resource("plan.yaml")
          .replace("@MONTH@", YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString())
          .replace("@EXECUTOR@", who.isBlank() ? "on-call" : who.trim());
      Path drill = root.resolve("drill");
      boolean upgrade = Files.isRegularFile(drill) && Files.readString(drill).contains(LAUNCHER_MARK);
      write(out, drill, launcher, upgrade, true);
      write(out, root.resolve("scenarios/noop-undo.yaml"), resource("scenarios/noop-undo.yaml"), false, false);
      write(out, root.resolve("drills/plan.yaml"), plan, false, false);
      out.println();
      out.println("Next: ./drill run scenarios/noop-undo.yaml   (a drill on a throwaway local cluster)");
      out.println("      ./drill plan show                      (what is due, who runs it)");
      out.println("Commit drill, scenarios/ and drills/; the CI templates run ./drill from there.");
      return Main.OK;
    } catch (IOException e) {
      err.println("drill init: " + e.getMessage());
      return Main.ENVIRONMENT;
    }
  }

  private static void write(PrintWriter out, Path to, String content, boolean replace, boolean executable)
      throws IOException {
    String shown = to.getFileName().toString().equals("drill") ? "./drill" : to.getParent().getFileName() + "/"
        + to.getFileName();
    if (Files.exists(to) && !replace) {
      out.println("  kept     " + shown + " (exists)");
      return;
    }
    boolean existed = Files.exists(to);
    Files.createDirectories(to.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(to.toAbsolutePath().getParent(), ".init-", ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        tmp.toFile().setExecutable(executable, false);
      }
      Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    out.println((existed ? "  updated  " : "  wrote    ") + shown
        + (executable ? " (rollback-drill " + ToolVersion.current() + ")" : ""));
  }

  /** The jar this command runs from, or null when it runs from a classes folder (a build). */
  static Path runningJar() {
    try {
      Path p = Path.of(InitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = InitCommand.class.getResourceAsStream("init/" + name)) {
      if (in == null) {
        throw new IOException("this build lacks its init/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
