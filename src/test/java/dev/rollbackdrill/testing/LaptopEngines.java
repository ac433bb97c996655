package dev.rollbackdrill.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a laptop with Docker has, on this machine: a Docker engine new enough for Testcontainers 2
 * (trixie's {@code dockerd} 26, API 1.45), an image registry on loopback (bookworm's {@code
 * docker-registry}) standing in for Docker Hub, and a containerd of its own (bookworm's, the
 * runtime k3s runs on) with its CRI plugin off. Unpacked by {@code ci/docker/install.sh}; started
 * by a test on a socket and ports of their own and stopped by {@link #close()}. None replaces the
 * local cluster's engine.
 *
 * <p>The engine gets a bridge of its own ({@value #BRIDGE}, made here and deleted by {@link
 * #close()}), with no iptables rules, so nothing it runs reaches beyond this machine. It must not run
 * with {@code --bridge none}: an engine without a bridge deletes {@code docker0}, the local
 * cluster's pod network.
 */
public final class LaptopEngines implements AutoCloseable {

  /** The socket the failsafe execution {@code docker-laptop} names in {@code DOCKER_HOST}. */
  public static final String SOCKET_PROPERTY = "rollbackdrill.laptopDockerSocket";

  /** The engine's own bridge interface. */
  public static final String BRIDGE = "rbd-laptop0";

  private static final String BRIDGE_ADDRESS = "172.31.254.1/24";

  private final Path dir;
  private boolean bridgeMade;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path containerdSocket;
  private int registryPort;

  private LaptopEngines(Path dir) {
    this.dir = dir;
  }

  /** Where {@code ci/docker/install.sh} unpacked the engine and registry, or null. */
  public static Path unpacked() {
    String cache = System.getenv("XDG_CACHE_HOME") != null ? System.getenv("XDG_CACHE_HOME")
        : System.getProperty("user.home") + "/.cache";
    Path root = Path.of(System.getenv().getOrDefault("RBD_CACHE", cache + "/rollback-drill"), "docker-laptop");
    return Files.isExecutable(root.resolve("usr/sbin/dockerd")) && Files.isExecutable(root.resolve("usr/bin/docker-registry"))
        ? root : null;
  }

  /**
   * Starts the engine on {@code dockerSocket}, the registry and containerd, and waits until each
   * answers.
   */
  public static LaptopEngines start(Path dockerSocket, Path dir) throws IOException, InterruptedException {
    Path root = unpacked();
    if (root == null) {
      throw new IllegalStateException("the newer Docker engine is not unpacked: run ci/docker/install.sh");
    }
    LaptopEngines e = new LaptopEngines(dir);
    try {
      Files.deleteIfExists(dockerSocket);
      Files.createDirectories(dockerSocket.getParent());
      Path config = Files.writeString(dir.resolve("daemon.json"), "{}\n");
      String path = root.resolve("usr/sbin") + ":" + root.resolve("usr/bin") + ":" + System.getenv("PATH");
      ip("link", "del", BRIDGE); // a bridge left by a killed run
      e.bridgeMade = true;
      requireIp("link", "add", BRIDGE, "type", "bridge");
      requireIp("addr", "add", BRIDGE_ADDRESS, "dev", BRIDGE);
      requireIp("link", "set", BRIDGE, "up");
      e.launch("dockerd", path, root.resolve("usr/sbin/dockerd").toString(),
          "--host", "unix://" + dockerSocket, "--config-file", config.toString(),
          "--data-root", dir.resolve("docker-data").toString(), "--exec-root", dir.resolve("docker-exec").toString(),
          "--pidfile", dir.resolve("dockerd.pid").toString(), "--bridge", BRIDGE, "--iptables=false", "--ip6tables=false");

      e.registryPort = freePort();
      Path registryConfig = Files.writeString(dir.resolve("registry.yml"), """
          version: 0.1
          storage:
            filesystem:
              rootdirectory: %s
          http:
            addr: 127.0.0.1:%d
          """.formatted(dir.resolve("registry-data"), e.registryPort));
      e.launch("registry", path, root.resolve("usr/bin/docker-registry").toString(), "serve", registryConfig.toString());

      e.containerdSocket = dir.resolve("containerd.sock");
      Path containerdConfig = Files.writeString(dir.resolve("containerd.toml"), """
          version = 2
          root = "%s"
          state = "%s"
          disabled_plugins = ["io.containerd.grpc.v1.cri"]
          [grpc]
            address = "%s"
          """.formatted(dir.resolve("containerd-root"), dir.resolve("containerd-state"), e.containerdSocket));
      e.launch("containerd", path, "containerd", "--config", containerdConfig.toString());

      e.await("dockerd", () -> ping(dockerSocket));
      e.await("registry", () -> e.registryAnswers());
      e.await("containerd", () -> e.ctr("version").exit() == 0);
      return e;
    } catch (IOException | InterruptedException | RuntimeException ex) {
      e.close();
      throw ex;
    }
  }

  /** {@code host:port} of the registry, as an image reference starts. */
  public String registry() {
    return "127.0.0.1:" + registryPort;
  }

  /** The output of one {@code ctr} command against this containerd, namespace {@code k8s.io} (k3s's). */
  public Result ctr(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ctr", "--address", containerdSocket.toString(), "--namespace", "k8s.io"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("ctr " + String.join(" ", args) + " took more than 120 s");
    }
    return new Result(p.exitValue(), out);
  }

  /** A command's exit code and its output (stdout and stderr together). */
  public record Result(int exit, String output) {}

  @Override
  public void close() {
    try {
      stopProcesses();
    } finally {
      if (bridgeMade) {
        try {
          ip("link", "del", BRIDGE);
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException("cannot delete the bridge " + BRIDGE + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Whether a network interface of this name exists on this machine. */
  public static boolean interfaceExists(String name) throws IOException, InterruptedException {
    return ip("link", "show", name) == 0;
  }

  private static int ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  private static void requireIp(String... args) throws IOException, InterruptedException {
    if (ip(args) != 0) {
      throw new IllegalStateException("ip " + String.join(" ", args) + " failed (needs root and iproute2)");
    }
  }

  private void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private boolean registryAnswers() {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://" + registry() + "/v2/")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Docker's {@code /_ping} over its unix socket, without a Docker client (which would cache a failure). */
  private static boolean ping(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(512);
      while (ch.read(answer) >= 0 && answer.hasRemaining()) {
        // read to the end of the short answer
      }
      String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
      return text.startsWith("HTTP/1.0 200") || text.startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  private interface Check {
    boolean ok() throws IOException, InterruptedException;
  }

  private void await(String name, Check check) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!check.ok()) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a laptop engine exited (" + p.exitValue() + ") before " + name + " answered; logs in " + dir);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " did not answer within 60 s; logs in " + dir);
      }
      Thread.sleep(100);
    }
  }

  private void launch(String name, String path, String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("PATH", path);
    processes.add(pb.start());
  }
}
