package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** When a lease still protects a running drill, and when its runner is known to be gone. */
class DrillLeaseTest {

  static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static Lease lease(String holder, int secondsSinceRenewal) {
    return new LeaseBuilder().withNewMetadata().withName("rollback-drill-demo").endMetadata()
        .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(30)
        .withRenewTime(ZonedDateTime.ofInstant(NOW.minusSeconds(secondsSinceRenewal), ZoneOffset.UTC)).endSpec().build();
  }

  static String host() throws Exception {
    return InetAddress.getLocalHost().getHostName();
  }

  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void aRecentlyRenewedLeaseOfALiveRunnerIsHeld() throws Exception {
    String me = DrillLease.runnerIdentity("alice", "1a2b3c4d");

    assertThat(me).isEqualTo("alice@" + host() + " pid " + ProcessHandle.current().pid() + " drill 1a2b3c4d");
    assertThat(DrillLease.abandoned(lease(me, 5), CLOCK)).isFalse();
  }

  @Test
  void aLeaseNotRenewedWithinItsDurationIsAbandoned() {
    assertThat(DrillLease.abandoned(lease("bob@elsewhere pid 1 drill x", 31), CLOCK)).isTrue();
    assertThat(DrillLease.abandoned(lease("bob@elsewhere pid 1 drill x", 29), CLOCK)).isFalse();
  }

  @Test
  void aFreshLeaseWhoseHolderIsADeadProcessOnThisHostIsAbandoned() throws Exception {
    long dead = deadPid();

    assertThat(DrillLease.abandoned(lease("alice@" + host() + " pid " + dead + " drill 1a2b3c4d", 1), CLOCK)).isTrue();
    // The format before drill ids were added is understood too.
    assertThat(DrillLease.abandoned(lease("alice@" + host() + " pid " + dead, 1), CLOCK)).isTrue();
  }

  @Test
  void aFreshLeaseOfAnotherHostOrOfAnUnknownHolderIsTrustedUntilItExpires() throws Exception {
    long dead = deadPid();

    assertThat(DrillLease.abandoned(lease("alice@other-host-7 pid " + dead + " drill 1a2b3c4d", 1), CLOCK)).isFalse();
    assertThat(DrillLease.abandoned(lease("kubectl-user", 1), CLOCK)).isFalse();
    assertThat(DrillLease.abandoned(lease(null, 1), CLOCK)).isFalse();
  }
}
