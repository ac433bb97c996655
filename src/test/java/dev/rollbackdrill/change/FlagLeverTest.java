package dev.rollbackdrill.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.scenario.Change;
import dev.rollbackdrill.scenario.HttpCheck;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

/** A kill switch needs pods that can see a ConfigMap change while they run. */
class FlagLeverTest {

  private final FlagLever lever = new FlagLever(null, "ns", "demo", new Change.Flag("demo-flags", "risky-path", "on"),
      new HttpCheck(8080, "/", null, 200, 3), System::nanoTime);

  private static PodSpecBuilder pod() {
    return new PodSpecBuilder().addNewContainer().withName("demo").withImage("demo:v1").endContainer();
  }

  @Test
  void aMountedConfigMapVolumeCanCarryTheFlag() {
    PodSpec spec = pod().editFirstContainer().addNewVolumeMount().withName("flags").withMountPath("/etc/flags")
        .endVolumeMount().endContainer()
        .addNewVolume().withName("flags").withNewConfigMap().withName("demo-flags").endConfigMap().endVolume().build();

    assertThat(lever.mountProblem(spec)).isNull();
  }

  @Test
  void aProjectedVolumeCanCarryTheFlagToo() {
    PodSpec spec = pod().addNewVolume().withName("all").withNewProjected().addNewSource().withNewConfigMap()
        .withName("demo-flags").endConfigMap().endSource().endProjected().endVolume().build();

    assertThat(lever.mountProblem(spec)).isNull();
  }

  @Test
  void withoutAVolumeThePodsCannotSeeTheFlagWithoutARestart() {
    PodSpec spec = pod().editFirstContainer().addNewEnvFrom().withNewConfigMapRef().withName("demo-flags")
        .endConfigMapRef().endEnvFrom().endContainer().build();

    assertThat(lever.mountProblem(spec)).isEqualTo("deployment demo does not mount configmap demo-flags as a volume,"
        + " so its pods cannot see the flag change without a restart (environment from a ConfigMap is read only at"
        + " start)");
  }

  @Test
  void aSubPathMountIsNeverUpdated() {
    PodSpec spec = pod().editFirstContainer().addNewVolumeMount().withName("flags").withMountPath("/etc/risky")
        .withSubPath("risky-path").endVolumeMount().endContainer()
        .addNewVolume().withName("flags").withNewConfigMap().withName("demo-flags").endConfigMap().endVolume().build();

    assertThat(lever.mountProblem(spec)).isEqualTo("container demo mounts configmap demo-flags with subPath"
        + " risky-path, which the kubelet never updates; a kill switch needs the whole volume mounted");
  }
}
