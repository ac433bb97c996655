package dev.rollbackdrill.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The canary's weight by replica count: how many pods, and what a target's replicas cannot give. */
class CanaryLeverTest {

  @Test
  void fivePercentBesideNineteenReplicasIsOnePodAndExactlyTheWeight() {
    assertThat(CanaryLever.canaryReplicas(0.05, 19)).isEqualTo(1);
    assertThat(CanaryLever.weightRefusal(0.05, 19, 1)).isNull();
    assertThat(CanaryLever.canaryReplicas(0.25, 9)).isEqualTo(3);
    assertThat(CanaryLever.weightRefusal(0.25, 9, 3)).isNull();
  }

  @Test
  void aOneReplicaTargetSaysWhatWeightItGives() {
    assertThat(CanaryLever.canaryReplicas(0.05, 1)).isEqualTo(1);
    assertThat(CanaryLever.weightRefusal(0.05, 1, 1)).isEqualTo("the target has 1 replica: a canary of 1 pod beside it"
        + " takes 50% of the traffic, not 5%; a 5% canary of one pod needs 19 replicas in the target (or make"
        + " change.weight 50%)");
  }

  @Test
  void twoReplicasAreTooFewForFivePercent() {
    assertThat(CanaryLever.weightRefusal(0.05, 2, CanaryLever.canaryReplicas(0.05, 2)))
        .startsWith("the target has 2 replicas: a canary of 1 pod beside them takes 33.3% of the traffic, not 5%");
  }
}
