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
}
