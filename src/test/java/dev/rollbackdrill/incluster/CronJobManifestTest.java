package dev.rollbackdrill.incluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code ci/k8s/cronjob.yaml} as a newcomer applies it to a current cluster, checked without one
 * ({@link CronJobIT} runs it on the local cluster).
 */
class CronJobManifestTest {

  static final Path MANIFEST = Path.of("ci/k8s/cronjob.yaml");

  static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object o : new Yaml().loadAll(Files.readString(file))) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) o;
        docs.add(m);
      }
    }
    return docs;
  }

  static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
    List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    assertThat(found).as(kind + " in " + MANIFEST).hasSize(1);
    return found.get(0);
  }

  @Test
  void theCronJobUsesTheBatchV1ApiThatCurrentClustersServe() throws IOException {
    // batch/v1beta1 CronJob was removed in Kubernetes 1.25: kubectl apply would fail there.
    assertThat(only(documents(MANIFEST), "CronJob").get("apiVersion")).isEqualTo("batch/v1");
    assertThat(Files.readString(MANIFEST)).doesNotContain("apiVersion: batch/v1beta1");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theCronJobRunsOnlyPlannedDrillsTaggedForItsShellLessImage() throws IOException {
    Map<String, Object> cronJob = only(documents(MANIFEST), "CronJob");
    Map<String, Object> jobSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) cronJob
        .get("spec")).get("jobTemplate")).get("spec");
    Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) jobSpec.get("template")).get("spec");
    List<String> args = (List<String>) ((List<Map<String, Object>>) pod.get("containers")).get(0).get("args");

    assertThat(args).startsWith("plan", "run").containsSubsequence("--tag", "in-cluster");
  }

  /**
   * The README's table of a Role, {@code <!-- role: FILE NAME -->} then rows of API group
   * ({@code core} for ""), resources and verbs, as (group, resource, sorted verbs) triples.
   */
  static java.util.Set<String> readmeRole(String file, String name) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String marker = "<!-- role: " + file + " " + name + " -->\n";
    int at = readme.indexOf(marker);
    assertThat(at).as("README table " + marker.trim()).isNotNegative();
    java.util.Set<String> rules = new java.util.TreeSet<>();
    List<String> lines = readme.substring(at + marker.length()).lines().toList();
    for (String line : lines.subList(2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String group = cells[1].trim().replace("`", "");
      for (String resource : cells[2].trim().replace("`", "").split("\\s+")) {
        rules.add(triple(group.equals("core") ? "" : group, resource,
            List.of(cells[3].trim().replace("`", "").split("\\s+"))));
      }
    }
    return rules;
  }

  @SuppressWarnings("unchecked")
  static java.util.Set<String> manifestRole(Path file, String name) throws IOException {
    Map<String, Object> role = documents(file).stream()
        .filter(d -> "Role".equals(d.get("kind")))
        .filter(d -> name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no Role " + name + " in " + file));
    java.util.Set<String> rules = new java.util.TreeSet<>();
    for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
      for (String group : (List<String>) rule.get("apiGroups")) {
        for (String resource : (List<String>) rule.get("resources")) {
          rules.add(triple(group, resource, (List<String>) rule.get("verbs")));
        }
      }
    }
    return rules;
  }

  private static String triple(String group, String resource, List<String> verbs) {
    return (group.isEmpty() ? "core" : group) + " " + resource + ": "
        + String.join(" ", new java.util.TreeSet<>(verbs));
  }

  @Test
  void theReadmeDescribesTheDrillRoleExactlyAsTheManifestGrantsIt() throws IOException {
    java.util.Set<String> manifest = manifestRole(MANIFEST, "rollback-drill-target");

    assertThat(readmeRole("ci/k8s/cronjob.yaml", "rollback-drill-target")).isEqualTo(manifest);
    // Blue-green and kill-switch needs live only in the optional Role.
    assertThat(manifest).noneMatch(r -> r.startsWith("core services:") || r.startsWith("core configmaps:")
        || r.startsWith("core endpoints:"));
  }

  @Test
  void theOptionalSwitchRoleIsDescribedExactlyToo() throws IOException {
    Path optional = Path.of("ci/k8s/switch-drills-role.yaml");

    assertThat(readmeRole("ci/k8s/switch-drills-role.yaml", "rollback-drill-switches"))
        .isEqualTo(manifestRole(optional, "rollback-drill-switches"))
        .contains("core services: get list patch watch", "core endpoints: get list watch");
    assertThat(only(documents(optional), "RoleBinding")).isNotNull();
    assertThat(documents(MANIFEST)).noneMatch(d -> "rollback-drill-switches".equals(
        ((Map<?, ?>) d.get("metadata")).get("name")));
  }

  @Test
  void theOptionalCanaryRolesAreDescribedExactlyToo() throws IOException {
    Path optional = Path.of("ci/k8s/canary-drills-role.yaml");

    assertThat(readmeRole("ci/k8s/canary-drills-role.yaml", "rollback-drill-canaries"))
        .isEqualTo(manifestRole(optional, "rollback-drill-canaries"))
        .contains("apps deployments: create delete", "core pods: delete");
    assertThat(readmeRole("ci/k8s/canary-drills-role.yaml", "rollback-drill-canary-watch"))
        .isEqualTo(manifestRole(optional, "rollback-drill-canary-watch"))
        .contains("core pods/proxy: get", "apps deployments: get list patch watch");
    assertThat(only(documents(optional), "RoleBinding")).isNotNull();
  }

  @Test
  void theOptionalChaosRoleIsDescribedExactlyToo() throws IOException {
    Path optional = Path.of("ci/k8s/chaos-drills-role.yaml");

    assertThat(readmeRole("ci/k8s/chaos-drills-role.yaml", "rollback-drill-chaos"))
        .isEqualTo(manifestRole(optional, "rollback-drill-chaos"))
        .contains("core pods: create delete", "core resourcequotas: create delete get list");
    assertThat(only(documents(optional), "RoleBinding")).isNotNull();
  }
}
