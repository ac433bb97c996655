package dev.rollbackdrill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InClusterTest {

  @TempDir Path sa;

  private static final Map<String, String> POD_ENV =
      Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");

  @Test
  void readsTheApiServerFromTheEnvironmentAndTheServiceAccountFromItsFiles() throws Exception {
    Files.writeString(sa.resolve("token"), "eyJ-token\n");
    Files.writeString(sa.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    Files.writeString(sa.resolve("namespace"), "rollback-drill");

    Config c = new InCluster("staging", POD_ENV, sa).config();

    assertThat(c.getMasterUrl()).isEqualTo("https://10.96.0.1:443/");
    assertThat(c.getOauthToken()).isEqualTo("eyJ-token");
    assertThat(c.getCaCertFile()).isEqualTo(sa.resolve("ca.crt").toString());
    assertThat(c.getNamespace()).isEqualTo("rollback-drill");
    assertThat(c.isTrustCerts()).isFalse();
  }

  @Test
  void aTestClusterMayTrustItsApiServerAndAnIpv6HostIsBracketed() throws Exception {
    Files.writeString(sa.resolve("token"), "t0ken-value");

    Config c = new InCluster(null, Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "6443",
        "KUBERNETES_TRUST_CERTIFICATES", "true"), sa).config();

    assertThat(c.getMasterUrl()).isEqualTo("https://[fd00::1]:6443/");
    assertThat(c.isTrustCerts()).isTrue();
    assertThat(c.getCaCertFile()).isNull();
  }

  @Test
  void namesTheProviderAsTheUserWroteIt() {
    assertThat(ClusterProviders.of("in-cluster").id()).isEqualTo("in-cluster");
    assertThat(ClusterProviders.of("in-cluster:staging").id()).isEqualTo("in-cluster:staging");
  }

  @Test
  void outsideAPodItSaysWhy() throws Exception {
    assertThat(new InCluster(null, Map.of(), sa).unavailableReason())
        .contains("in-cluster: not running in a pod (KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set)");
    assertThat(new InCluster("x", POD_ENV, sa).unavailableReason()).get().asString()
        .startsWith("in-cluster:x: no ServiceAccount token at ");
    assertThatThrownBy(() -> new InCluster(null, Map.of(), sa).up(System.out)).isInstanceOf(ClusterException.class);
  }
}
