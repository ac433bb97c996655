package dev.rollbackdrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.testing.DrillCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drill init} outside the release jar; the jar's own path is TeamRepositoryIT's. */
class InitCommandTest {

  @Test
  void fromABuildsClassesItRefusesAndWritesNothing(@TempDir Path dir) throws Exception {
    DrillCli r = DrillCli.run("init", dir.toString());

    assertThat(r.exit()).isEqualTo(Main.ENVIRONMENT);
    assertThat(r.err()).contains("run it from the release jar (java -jar rollback-drill-", "-cli.jar init)");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theLauncherTemplateIsShellThatPinsAVersionAndAChecksum() throws Exception {
    String launcher;
    try (var in = InitCommand.class.getResourceAsStream("init/drill")) {
      launcher = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(launcher).startsWith("#!/usr/bin/env bash\n").contains(InitCommand.LAUNCHER_MARK)
        .contains("DRILL_VERSION=\"@VERSION@\"", "DRILL_SHA256=\"@SHA256@\"");
    Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    bash.getOutputStream().write(launcher.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as("bash -n: " + out).isZero();
  }
}
