package dev.rollbackdrill.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollbackdrill.cluster.ClusterProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What looks like production, for every kind of cluster, read without connecting. */
class ContextGuardTest {

  private static final List<String> DEFAULTS = ContextGuard.patterns(List.of());

  @TempDir Path dir;

  @Test
  void productionWordsMatchAsWholeTokensOfANameOrServer() throws Exception {
    assertThat(refusal("prod-eu", null, DEFAULTS)).contains("'prod-eu' matches 'prod'");
    assertThat(refusal("staging", "https://api.prd.example:6443", DEFAULTS)).contains("matches 'prd'");
    assertThat(refusal("LIVE", null, DEFAULTS)).contains("matches 'live'");
    assertThat(refusal("product-staging", "https://delivery.example", DEFAULTS)).isNull();
    assertThat(refusal("staging", "https://10.0.0.1:6443", DEFAULTS)).isNull();
  }

  @Test
  void extraPatternsAddToTheDefaultsAndMayBeSeveralWords() throws Exception {
    List<String> patterns = ContextGuard.patterns(List.of("eu-main", " ", "Payments"));

    assertThat(patterns).containsExactly("prod", "production", "prd", "live", "eu-main", "Payments");
    assertThat(refusal("ctx-eu-main-1", null, patterns)).contains("matches 'eu-main'");
    assertThat(refusal("ctx", "https://api.eu.main.example", patterns)).contains("matches 'eu-main'");
    assertThat(refusal("eu-mainland", null, patterns)).isNull();
    assertThat(refusal("staging-payments", null, patterns)).contains("matches 'Payments'");
    assertThat(refusal("staging-payments", null, DEFAULTS)).isNull();
  }

  @Test
  void aContextIsJudgedByItsNameItsClusterEntryAndItsServer() throws Exception {
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - {name: "arn:aws:eks:eu-west-1:1234:cluster/prod", cluster: {server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com"}}
        - {name: stage, cluster: {server: "https://api.live.example.com"}}
        - {name: fine, cluster: {server: "https://10.1.2.3"}}
        users: [{name: u, user: {token: t}}]
        contexts:
        - {name: team-a, context: {cluster: "arn:aws:eks:eu-west-1:1234:cluster/prod", user: u}}
        - {name: team-b, context: {cluster: stage, user: u}}
        - {name: team-c, context: {cluster: fine, user: u}}
        current-context: team-c
        """);

    assertThat(ContextGuard.refusal(ClusterProviders.of("context:team-a", null, kubeconfig), DEFAULTS))
        .contains("cluster context:team-a looks like production").contains("matches 'prod'");
    assertThat(ContextGuard.refusal(ClusterProviders.of("context:team-b", null, kubeconfig), DEFAULTS))
        .contains("'https://api.live.example.com/' matches 'live'");
    assertThat(ContextGuard.refusal(ClusterProviders.of("context:team-c", null, kubeconfig), DEFAULTS)).isNull();
    // A context the file does not have is judged by its name; up() reports it missing.
    assertThat(ContextGuard.refusal(ClusterProviders.of("context:prod", null, kubeconfig), DEFAULTS)).isNotNull();
  }

  @Test
  void anInClusterNameIsJudgedToo() {
    assertThat(ContextGuard.refusal(ClusterProviders.of("in-cluster:production"), DEFAULTS))
        .contains("cluster in-cluster:production looks like production");
    assertThat(ContextGuard.refusal(ClusterProviders.of("in-cluster:staging"), DEFAULTS)).isNull();
    assertThat(ContextGuard.refusal(ClusterProviders.of("in-cluster:staging"), ContextGuard.patterns(List.of("staging"))))
        .isNotNull();
    assertThat(ContextGuard.refusal(ClusterProviders.of("local"), DEFAULTS)).isNull();
  }

  /** The refusal of kubeconfig context {@code context}, its cluster entry neutral, at {@code server}. */
  private String refusal(String context, String server, List<String> patterns) throws Exception {
    Path kubeconfig = Files.createTempFile(dir, "kubeconfig", "");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: "%s", context: {cluster: c, user: u}}]
        current-context: "%s"
        """.formatted(server == null ? "https://10.0.0.1:6443" : server, context, context));
    return ContextGuard.refusal(ClusterProviders.of("context:" + context, null, kubeconfig), patterns);
  }
}
