package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.scenario.ChangeType;
import dev.rollbackdrill.scenario.Procedure;
import io.fabric8.kubernetes.client.Config;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which permissions a procedure needs, and the identity it acts as; no cluster needed. */
class AccessCheckTest {

  @Test
  void aServiceAccountActsWithItsImplicitGroupsAndAnyGivenOnes() {
    assertThat(AccessCheck.groupsOf("system:serviceaccount:oncall:rb", List.of()))
        .containsExactly("system:serviceaccounts", "system:serviceaccounts:oncall");
    assertThat(AccessCheck.groupsOf("system:serviceaccount:oncall:rb", List.of("sre")))
        .containsExactly("sre", "system:serviceaccounts", "system:serviceaccounts:oncall");
    assertThat(AccessCheck.groupsOf("alice", List.of("sre"))).containsExactly("sre");
    // Not a ServiceAccount name: no groups invented.
    assertThat(AccessCheck.groupsOf("system:serviceaccount:oncall", List.of())).isEmpty();
    assertThat(AccessCheck.groupsOf("system:serviceaccount::rb", List.of())).isEmpty();
  }

  @Test
  void impersonatingCopiesTheConfigurationAndLeavesTheOriginalAlone() {
    Config base = Config.empty();
    base.setMasterUrl("https://127.0.0.1:6443");
    base.setOauthToken("harness-token");

    Config as = AccessCheck.impersonating(base, "system:serviceaccount:oncall:rb", List.of());

    assertThat(as.getImpersonateUsername()).isEqualTo("system:serviceaccount:oncall:rb");
    assertThat(as.getImpersonateGroups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:oncall");
    assertThat(as.getOauthToken()).isEqualTo("harness-token");
    assertThat(base.getImpersonateUsername()).isNull();
  }

  @Test
  void aRunbookCommandNeedsWhatItsChangeNeedsUndone() {
    assertThat(AccessCheck.neededFor(Procedure.COMMAND, ChangeType.BROKEN)).isEqualTo(AccessCheck.ROLLOUT_UNDO);
    assertThat(AccessCheck.neededFor(Procedure.COMMAND, ChangeType.NOOP)).isEqualTo(AccessCheck.ROLLOUT_UNDO);
    assertThat(AccessCheck.neededFor(Procedure.COMMAND, ChangeType.SWITCH)).isEqualTo(AccessCheck.BLUE_GREEN_SWITCH);
    assertThat(AccessCheck.neededFor(Procedure.COMMAND, ChangeType.FLAG)).isEqualTo(AccessCheck.KILL_SWITCH);
    assertThat(AccessCheck.neededFor(Procedure.BLUE_GREEN_SWITCH, ChangeType.SWITCH))
        .extracting(Object::toString).containsExactly("get services", "patch services");
    assertThat(AccessCheck.neededFor(Procedure.KILL_SWITCH, ChangeType.FLAG))
        .extracting(Object::toString).containsExactly("get configmaps", "patch configmaps");
    assertThat(AccessCheck.neededFor(Procedure.ROLLOUT_UNDO, ChangeType.BROKEN))
        .extracting(Object::toString).containsExactly("get deployments.apps", "patch deployments.apps", "list replicasets.apps");
    assertThat(AccessCheck.neededFor(Procedure.ROLL_FORWARD, ChangeType.BROKEN))
        .extracting(Object::toString).containsExactly("get deployments.apps", "patch deployments.apps");
  }
}
