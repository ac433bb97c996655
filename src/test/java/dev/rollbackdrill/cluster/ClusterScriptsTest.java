package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterScriptsTest {

  @TempDir Path root;

  @Test
  void theBuildCarriesEveryScriptOfCiCluster() throws IOException {
    Map<String, byte[]> bundled = ClusterScripts.bundled();

    Path source = ClusterProviders.projectHome().resolve("ci/cluster");
    try (var files = Files.walk(source)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String name = source.relativize(f).toString();
        assertThat(bundled).as(name).containsKey(name);
        assertThat(bundled.get(name)).as(name).isEqualTo(Files.readAllBytes(f));
      }
    }
    assertThat(bundled).containsKeys("cluster.sh", "lib.sh", "images.sh", "postgres.sh", "demo/start.sh");
  }

  @Test
  void unpacksOnceIntoAFolderNamedByTheContentWithScriptsExecutable() throws IOException {
    Map<String, byte[]> files = files("#!/bin/sh\necho up\n", "plain text\n");

    Path first = ClusterScripts.unpack(files, root);
    Files.writeString(first.resolve("marker"), "kept");
    Path again = ClusterScripts.unpack(files, root);

    assertThat(again).isEqualTo(first);
    assertThat(again.resolve("marker")).as("an unpacked copy is reused, not rewritten").exists();
    assertThat(Files.isExecutable(first.resolve("cluster.sh"))).isTrue();
    assertThat(Files.isExecutable(first.resolve("demo/README"))).isFalse();
    assertThat(Files.readString(first.resolve("demo/README"))).isEqualTo("plain text\n");
    try (var left = Files.list(first.getParent().getParent())) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith(".unpack-"))).isEmpty();
    }
  }

  @Test
  void changedScriptsGetAFolderOfTheirOwn() throws IOException {
    Path v1 = ClusterScripts.unpack(files("#!/bin/sh\necho 1\n", "a"), root);
    Path v2 = ClusterScripts.unpack(files("#!/bin/sh\necho 2\n", "a"), root);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(Files.readString(v1.resolve("cluster.sh"))).contains("echo 1");
    assertThat(Files.readString(v2.resolve("cluster.sh"))).contains("echo 2");
  }

  @Test
  void refusesANameOutsideItsFolderAndAnEmptyBundle() throws IOException {
    Map<String, byte[]> bad = new TreeMap<>(files("#!/bin/sh\n", "a"));
    bad.put("../escape.sh", new byte[] {'x'});

    assertThatThrownBy(() -> ClusterScripts.unpack(bad, root)).hasMessageContaining("../escape.sh");
    try (var left = Files.walk(root)) {
      assertThat(left.filter(Files::isRegularFile)).as("nothing written, no partial copy kept").isEmpty();
    }
    assertThatThrownBy(() -> ClusterScripts.unpack(Map.of(), root)).hasMessageContaining("no cluster scripts");
  }

  private static Map<String, byte[]> files(String script, String text) {
    Map<String, byte[]> m = new TreeMap<>();
    m.put("cluster.sh", script.getBytes(StandardCharsets.UTF_8));
    m.put("demo/README", text.getBytes(StandardCharsets.UTF_8));
    return m;
  }
}
