package dev.rollbackdrill.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket standing in for an API server that counts every connection and answers none: a test
 * proves that nothing reached a cluster by finding the count at zero. {@link #kubeconfig} writes a
 * kubeconfig whose contexts all point at it.
 */
public final class TrapApiServer implements AutoCloseable {

  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();

  public TrapApiServer() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          connections.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    }, "trap-api-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "https://127.0.0.1:" + socket.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  /** A kubeconfig in {@code dir} with one context per name, each on the trap; the first is current. */
  public Path kubeconfig(Path dir, String... contexts) throws IOException {
    StringBuilder b = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    for (String c : contexts) {
      b.append("- {name: ").append(c).append("-cluster, cluster: {server: \"").append(url())
          .append("\", insecure-skip-tls-verify: true}}\n");
    }
    b.append("users: [{name: u, user: {token: t}}]\ncontexts:\n");
    for (String c : contexts) {
      b.append("- {name: ").append(c).append(", context: {cluster: ").append(c).append("-cluster, user: u}}\n");
    }
    b.append("current-context: ").append(contexts[0]).append('\n');
    Path p = dir.resolve("trap.kubeconfig");
    Files.writeString(p, b.toString());
    return p;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed
    }
  }
}
