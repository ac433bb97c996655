package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.testing.DemoTarget;
import dev.rollbackdrill.testing.DrillCli;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C, {@code kill} and a CI job's cancel send) mid-drill: the harness puts the
 * target back on known-good and sees it healthy before the process exits, and leaves an ERROR
 * record saying it was stopped and how the restore went. Checked the instant the process is gone,
 * with no waiting.
 */
@OnLocalCluster
class SigtermIT {

  @Test
  void sigtermMidDetectRestoresTheTargetBeforeTheProcessExits(KubernetesClient client, TestNamespace ns, @TempDir Path dir)
      throws Exception {
    Path scenario = Scenarios.exampleFile("unready-undo", ns, dir);
    Files.writeString(scenario, Files.readString(scenario).replace("for: 5s", "for: 60s"));
    DemoTarget target = new DemoTarget(client, ns.name());

    Path drills = dir.resolve("drills");
    DrillCli.Running drill = DrillCli.start("run", scenario.toString(), "--cluster", "local",
        "--drills", drills.toString(), "--junit-xml", dir.resolve("junit").toString());
    int exit;
    try {
      drill.awaitLine(l -> l.trim().startsWith("deploy ") && l.contains("candidate revision"), Duration.ofSeconds(90));
      // Let the candidate's pods come up (and fail their readiness), so there is something to undo.
      Thread.sleep(2000);
      assertThat(target.healthyOnKnownGood()).as("on the candidate before SIGTERM").isFalse();
      // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
      drill.process().toHandle().destroy();
      exit = drill.waitFor(Duration.ofSeconds(60));
    } finally {
      drill.killIfAlive();
    }

    // No waiting: the process is gone, so whatever it promised must already be true.
    boolean healthy = target.healthyOnKnownGood();
    boolean annotated = target.hasAnnotation();
    boolean leased = target.lease() != null;
    System.out.println("after SIGTERM: exit " + exit + ", healthy on known-good " + healthy + ", annotation " + annotated
        + ", lease " + leased);
    assertThat(healthy).as("healthy on known-good when the process exited; it printed:\n" + drill.output()).isTrue();
    assertThat(annotated).as("known-good annotation removed").isFalse();
    assertThat(leased).as("lease released").isFalse();
    assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
    assertThat(drill.output()).contains("restored: known-good template is healthy again");

    // The run is in the history: written by the shutdown hook, since the drill's thread never finished.
    List<DrillRecord> records = new DrillHistory(drills).readAll().records();
    assertThat(records).as("records in " + drills).hasSize(1);
    DrillRecord r = records.get(0);
    System.out.println("record after SIGTERM: " + r.verdict() + ": " + r.reason());
    assertThat(r.verdict()).isEqualTo(DrillRecord.Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("stopped by SIGTERM or Ctrl-C during detect; the target was restored to"
        + " known-good revision 1 and seen healthy");
    assertThat(r.candidate()).as("candidate recorded").isNotNull();
    assertThat(r.restored()).as("restored revision recorded").isNotNull();
    assertThat(r.restored().image()).isEqualTo(DemoTarget.KNOWN_GOOD_IMAGE);
    assertThat(r.phaseNanos()).containsKeys("preflight", "deploy", "detect");
    try (Stream<Path> files = Files.walk(drills)) {
      assertThat(files.map(Path::toString)).anyMatch(f -> f.endsWith(".hlog"));
    }
  }
}
