package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's kubeconfig files: named by their harness, and a killed harness's removed by the next. */
class DrillKubeconfigTest {

  private static final Config CONFIG = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").withOauthToken("t")
      .build();

  @Test
  void theNextHarnessRemovesTheCredentialsOfOneThatWasKilled(@TempDir Path dir) throws Exception {
    // A pid that ran and is gone: a harness killed before it could delete its file.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path left = Files.writeString(dir.resolve(gone.pid() + "-123.kubeconfig"), "token: t");
    Path running = Files.writeString(dir.resolve(ProcessHandle.current().pid() + "-456.kubeconfig"), "token: t");
    Path other = Files.writeString(dir.resolve("notes.txt"), "not ours");

    try (DrillKubeconfig k = DrillKubeconfig.write(CONFIG, dir)) {
      assertThat(k.path().getFileName().toString()).startsWith(ProcessHandle.current().pid() + "-").endsWith(".kubeconfig");
      assertThat(left).as("a dead harness's file").doesNotExist();
      assertThat(running).as("a running harness's file").exists();
      assertThat(other).as("not a kubeconfig of ours").exists();
    }
  }

  @Test
  void theDefaultFolderIsPrivate() throws Exception {
    try (DrillKubeconfig k = DrillKubeconfig.write(CONFIG)) {
      assertThat(k.path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), DrillKubeconfig.FOLDER));
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(k.path().getParent())))
          .isEqualTo("rwx------");
    }
  }
}
