package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PullProgressTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final AtomicLong now = new AtomicLong();
  private final PullProgress progress =
      new PullProgress("rancher/k3s:v1.31.4-k3s1", new PrintStream(out, true, StandardCharsets.UTF_8), now::get);

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sumsTheLayersAndCountsThoseDone() {
    progress.event("v1.31.4-k3s1", "Pulling from rancher/k3s", null, null); // the tag's own line: no layer
    progress.event("aaa", "Pulling fs layer", null, null);
    progress.event("bbb", "Pulling fs layer", null, null);
    progress.event("aaa", "Downloading", 5_000_000L, 20_000_000L);
    progress.event("bbb", "Downloading", 1_000_000L, 2_000_000L);
    progress.event("bbb", "Download complete", null, null);

    assertThat(progress.line())
        .isEqualTo("[cluster] pulling rancher/k3s:v1.31.4-k3s1: 7.0 of 22.0 MB so far, 1 of 2 layers done");
  }

  @Test
  void printsTheFirstEventAndThenAtMostEveryTwoSeconds() {
    progress.event("aaa", "Pulling fs layer", null, null);
    now.addAndGet(500_000_000L);
    progress.event("aaa", "Downloading", 1_000_000L, 4_000_000L);
    now.addAndGet(1_600_000_000L);
    progress.event("aaa", "Downloading", 3_000_000L, 4_000_000L);

    assertThat(printed().lines()).containsExactly(
        "[cluster] pulling rancher/k3s:v1.31.4-k3s1: 0.0 of 0.0 MB so far, 0 of 1 layers done",
        "[cluster] pulling rancher/k3s:v1.31.4-k3s1: 3.0 of 4.0 MB so far, 0 of 1 layers done");
  }

  @Test
  void aLayerAlreadyPresentCountsAsDone() {
    progress.event("aaa", "Already exists", null, null);
    progress.event("bbb", "Pull complete", null, null);

    assertThat(progress.line()).endsWith("2 of 2 layers done");
  }
}
