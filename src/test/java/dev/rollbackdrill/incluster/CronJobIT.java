package dev.rollbackdrill.incluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.drill.DemoFixture;
import dev.rollbackdrill.guard.Guardrails;
import dev.rollbackdrill.kube.Rollouts;
import dev.rollbackdrill.history.DrillHistory;
import dev.rollbackdrill.history.DrillRecord;
import dev.rollbackdrill.scenario.Fixture;
import dev.rollbackdrill.testing.OnLocalCluster;
import dev.rollbackdrill.testing.Scenarios;
import dev.rollbackdrill.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster setup end to end, as README "Monthly drills that run themselves" describes it:
 * the harness image built without a Docker engine is loaded into the local Docker, {@code
 * ci/k8s/cronjob.yaml} is applied as written (its ServiceAccount, least-privilege Roles, history
 * claim and CronJob; namespaces moved to this test's), the demo service runs in a namespace
 * labelled for drills, a Job is created from the CronJob's jobTemplate as {@code kubectl create
 * job --from=cronjob/rollback-drill} does, and it must run the planned drill with nothing but
 * the manifest's Role, record it with the rotation's executor on the history volume, and render
 * the report there; the report's model.json must show the executor's run in the rotation, the
 * drilled scenario fresh and the planned one this image cannot run (a runbook command) stale.
 *
 * <p>Only what this machine's cluster lacks is changed in the pod: no kube-proxy, so it uses
 * {@code hostNetwork} and the API server's loopback address, and trusts its self-signed
 * certificate; no registry, so the image is never pulled; no storage provisioner, so the claim is
 * bound to a hostPath volume in {@code target/}.
 */
@OnLocalCluster
class CronJobIT {

  private static final Path MANIFEST = ClusterProviders.projectHome().resolve("ci/k8s/cronjob.yaml");
  private static final String EXECUTOR = "river";

  @Test
  void aJobFromTheCronJobRunsTheDueDrillAsThisMonthsExecutorAndKeepsItsRecord(KubernetesClient client,
      TestNamespace runner) throws Exception {
    String image = HarnessImage.buildAndLoad();
    String target = runner.name() + "-t";
    String suffix = "-" + runner.name();
    Path history = ClusterProviders.projectHome().resolve("target/cronjob-it/" + runner.name());
    Files.createDirectories(history);
    Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<HasMetadata> clusterScoped = new ArrayList<>();
    try {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(target)
          .addToLabels(Guardrails.DRILL_LABEL, "true").addToLabels("rollback-drill/test", "true")
          .endMetadata().build()).create();

      // The manifests as written, moved into this test's namespaces.
      CronJob cronJob = null;
      HasMetadata appliedCronJob = null;
      for (HasMetadata o : load(client, MANIFEST)) {
        if (o instanceof io.fabric8.kubernetes.api.model.Namespace) {
          continue;
        }
        if (o instanceof ClusterRole || o instanceof ClusterRoleBinding) {
          o.getMetadata().setName(o.getMetadata().getName() + suffix);
          if (o instanceof ClusterRoleBinding b) {
            b.getRoleRef().setName(b.getRoleRef().getName() + suffix);
            b.getSubjects().forEach(s -> s.setNamespace(runner.name()));
          }
          clusterScoped.add(o);
        } else if (o instanceof Role || o instanceof RoleBinding) {
          assertThat(o.getMetadata().getNamespace()).as("drilled-namespace objects").isEqualTo("drill-demo");
          o.getMetadata().setNamespace(target);
          if (o instanceof RoleBinding b) {
            b.getSubjects().forEach(s -> s.setNamespace(runner.name()));
          }
        } else {
          assertThat(o.getMetadata().getNamespace()).as(o.getKind()).isEqualTo("rollback-drill");
          o.getMetadata().setNamespace(runner.name());
        }
        HasMetadata toCreate = o;
        if (o instanceof CronJob c) {
          assertThat(c.getApiVersion()).as("the CronJob's apiVersion in " + MANIFEST).isEqualTo("batch/v1");
          cronJob = forThisMachine(c, image);
          toCreate = forThisServer(client, cronJob);
        }
        HasMetadata created = client.resource(toCreate).create();
        if (o instanceof CronJob) {
          appliedCronJob = created;
        }
      }
      assertThat(cronJob).as("a batch/v1 CronJob in " + MANIFEST).isNotNull();

      PersistentVolume pv = new PersistentVolumeBuilder().withNewMetadata().withName("rollback-drill-history" + suffix)
          .endMetadata().withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi")))
          .withAccessModes("ReadWriteOnce").withPersistentVolumeReclaimPolicy("Retain")
          .withNewHostPath().withPath(history.toString()).withType("Directory").endHostPath()
          .withNewClaimRef().withNamespace(runner.name()).withName("rollback-drill-history").endClaimRef()
          .endSpec().build();
      clusterScoped.add(client.resource(pv).create());

      // The service to drill, already running and settled, as a staging service would be: the
      // CronJob's Role may drill it but not create it, so the scenario names no fixture.
      DemoFixture.reset(client, target, Fixture.DEMO);
      Awaitility.await("the demo service rolled out").atMost(Duration.ofSeconds(90)).until(() -> {
        Deployment d = client.apps().deployments().inNamespace(target).withName("demo").get();
        return d != null && Rollouts.complete(d);
      });
      Thread.sleep(2000); // the controller's last status writes

      // The scenarios and the plan, as `kubectl create configmap --from-file` makes them.
      Path scenario = Scenarios.exampleFile("noop-undo", new TestNamespace(target), Files.createTempDirectory("cronjob-it"));
      // As a scenario for a staging Deployment is written: no fixture, tagged for the CronJob.
      String yaml = Files.readString(scenario).replaceAll("(?m)^  fixture: demo\\n", "")
          .replace("tags: [undo, smoke]", "tags: [undo, smoke, in-cluster]");
      assertThat(yaml).doesNotContain("fixture").contains("in-cluster");
      // The plan also has a runbook-command drill (procedure: command), which this shell-less image
      // cannot run: not tagged in-cluster, it is left to a CI runner, so here it never runs and the
      // report must flag it stale.
      String runbook = Files.readString(Scenarios.exampleFile("runbook-command", new TestNamespace(target),
          Files.createTempDirectory("cronjob-it")));
      assertThat(runbook).contains("procedure: command").doesNotContain("in-cluster");
      client.resource(new ConfigMapBuilder().withNewMetadata().withName("rollback-drill-scenarios")
          .withNamespace(runner.name()).endMetadata()
          .addToData("noop-undo.yaml", yaml).addToData("runbook-command.yaml", runbook).build()).create();
      YearMonth month = YearMonth.now(ZoneOffset.UTC);
      client.resource(new ConfigMapBuilder().withNewMetadata().withName("rollback-drill-plan")
          .withNamespace(runner.name()).endMetadata()
          .addToData("plan.yaml", """
              scenarios: scenarios
              drills:
                - scenario: noop-undo
                  schedule: "0 0 1 * *"
                - scenario: runbook-command
                  schedule: "0 6 1 */3 *"
                  staleAfter: 100d
              rotation:
                start: %s
                roster: [%s, sky]
              """.formatted(month, EXECUTOR)).build()).create();

      Awaitility.await("the ServiceAccount's token").atMost(Duration.ofSeconds(60)).until(() -> {
        ServiceAccount sa = client.serviceAccounts().inNamespace(runner.name()).withName("rollback-drill").get();
        return sa != null && sa.getSecrets() != null && !sa.getSecrets().isEmpty();
      });
      Awaitility.await("the history claim bound").atMost(Duration.ofSeconds(60)).until(() -> {
        PersistentVolumeClaim c = client.persistentVolumeClaims().inNamespace(runner.name())
            .withName("rollback-drill-history").get();
        return c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
      });

      // kubectl create job --from=cronjob/rollback-drill, from the CronJob as the server stored it
      HasMetadata live = client.resource(appliedCronJob).get();
      JobTemplate template = JobTemplate.of(live);
      Job job = new JobBuilder().withNewMetadata().withName("rollback-drill-manual")
          .withNamespace(runner.name())
          .addToAnnotations("cronjob.kubernetes.io/instantiate", "manual")
          .withLabels(template.labels())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(live.getApiVersion()).withKind("CronJob")
              .withName(live.getMetadata().getName()).withUid(live.getMetadata().getUid()).withController(true).build())
          .endMetadata()
          .withSpec(template.spec()).build();
      Instant created = Instant.now();
      client.resource(job).create();

      Job done = awaitJob(client, runner.name(), "rollback-drill-manual", Duration.ofMinutes(5));
      Duration took = Duration.between(created, Instant.now());
      String logs = logs(client, runner.name());
      System.out.println("[cronjob-it] Job created to finished: " + took.toMillis() + " ms (status: started "
          + done.getStatus().getStartTime() + ", completed " + done.getStatus().getCompletionTime() + "); pod log:\n" + logs);
      assertThat(done.getStatus().getSucceeded()).as("the Job succeeded; pod log:\n" + logs).isEqualTo(1);
      assertThat(logs).contains("1 of 1 drills tagged in-cluster due; executed by " + EXECUTOR)
          .contains("not tagged in-cluster so not run here: runbook-command")
          .contains("PASSED: trigger-to-healthy").contains("1 of 1 drills met their SLO");

      // The record, on the history volume, names the rotation's executor and the in-cluster cluster.
      List<DrillRecord> records = new DrillHistory(history.resolve("drills")).readAll().records();
      assertThat(records).hasSize(1);
      DrillRecord r = records.get(0);
      assertThat(r.scenario().name()).isEqualTo("noop-undo");
      assertThat(r.verdict()).isEqualTo(DrillRecord.Verdict.PASSED);
      assertThat(r.executedBy()).isEqualTo(EXECUTOR);
      assertThat(r.cluster().provider()).isEqualTo("in-cluster:staging");
      assertThat(r.namespace()).isEqualTo(target);
      try (Stream<Path> files = Files.walk(history.resolve("drills"))) {
        assertThat(files.map(p -> history.relativize(p).toString()))
            .anyMatch(p -> p.matches("drills/\\d{4}/\\d{2}/[^/]+-noop-undo-i1\\.json"))
            .anyMatch(p -> p.endsWith(".hlog"));
      }
      assertThat(history.resolve("reports/index.html")).exists();
      assertThat(history.resolve("reports/summary.md")).exists();
      assertThat(history.resolve("junit/TEST-rollback-drill.xml")).exists();

      // The report the Job rendered on the volume, from that record: the rotation's executor with
      // its run, the drilled scenario fresh, the planned one that never ran here stale.
      JsonNode model = new ObjectMapper().readTree(history.resolve("reports/model.json").toFile());
      assertThat(model.get("empty").asBoolean()).isFalse();
      assertThat(model.at("/summary/runs").asInt()).isEqualTo(1);
      JsonNode quarter = model.at("/rotation/quarters/0");
      assertThat(model.at("/rotation/quarters").size()).isEqualTo(1);
      assertThat(quarter.get("runs").asInt()).isEqualTo(1);
      assertThat(quarter.get("topPerson").asText()).isEqualTo(EXECUTOR);
      assertThat(quarter.get("byPerson").size()).isEqualTo(1);
      assertThat(quarter.at("/byPerson/0/name").asText()).isEqualTo(EXECUTOR);
      assertThat(quarter.at("/byPerson/0/runs").asInt()).isEqualTo(1);
      JsonNode noop = scenarioRow(model, "noop-undo");
      assertThat(noop.get("stale").asBoolean()).as("noop-undo, just drilled").isFalse();
      assertThat(noop.get("runs").asInt()).isEqualTo(1);
      assertThat(noop.get("lastVerdict").asText()).isEqualTo("PASSED");
      JsonNode never = scenarioRow(model, "runbook-command");
      assertThat(never.get("stale").asBoolean()).as("runbook-command, planned, never run here").isTrue();
      assertThat(never.get("runs").asInt()).isZero();
      assertThat(never.get("staleText").asText()).isEqualTo("Planned, never drilled on in-cluster:staging");
      assertThat(model.at("/summary/staleRule").asText()).contains("on in-cluster:staging");
      assertThat(model.get("attention").toString()).contains("runbook-command");

      // Least privilege: what a drill needs in the drilled namespace, nothing else anywhere.
      String sa = "system:serviceaccount:" + runner.name() + ":rollback-drill";
      assertThat(allowed(client, sa, target, "patch", "apps", "deployments")).isTrue();
      assertThat(allowed(client, sa, target, "delete", "apps", "deployments")).isFalse();
      assertThat(allowed(client, sa, target, "get", "", "secrets")).isFalse();
      assertThat(allowed(client, sa, target, "create", "", "pods")).isFalse();
      // The blue-green and kill-switch rules live in the optional ci/k8s/switch-drills-role.yaml.
      assertThat(allowed(client, sa, target, "patch", "", "services")).isFalse();
      assertThat(allowed(client, sa, target, "patch", "", "configmaps")).isFalse();
      assertThat(allowed(client, sa, runner.name(), "patch", "apps", "deployments")).isFalse();
      assertThat(allowed(client, sa, "default", "list", "", "pods")).isFalse();
    } finally {
      client.batch().v1().jobs().inNamespace(runner.name()).withName("rollback-drill-manual")
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
      client.namespaces().withName(target).delete();
      for (HasMetadata o : clusterScoped) {
        client.resource(o).delete();
      }
    }
  }

  private static JsonNode scenarioRow(JsonNode model, String name) {
    for (JsonNode row : model.get("scenarios")) {
      if (row.get("name").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no scenario " + name + " in the report: " + model.get("scenarios"));
  }

  private static boolean allowed(KubernetesClient client, String user, String ns, String verb, String group,
      String resource) {
    return Boolean.TRUE.equals(client.authorization().v1().subjectAccessReview().create(
        new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder().withNewSpec().withUser(user)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:" + user.split(":")[2], "system:authenticated")
            .withNewResourceAttributes().withNamespace(ns).withVerb(verb).withGroup(group).withResource(resource)
            .endResourceAttributes().endSpec().build()).getStatus().getAllowed());
  }

  private static List<HasMetadata> load(KubernetesClient client, Path... files) throws IOException {
    List<HasMetadata> all = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        all.addAll(client.load(in).items());
      }
    }
    return all;
  }

  /** What this machine's cluster needs and a real one does not; everything else as written. */
  private static CronJob forThisMachine(CronJob c, String image) {
    PodSpec pod = c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    pod.setHostNetwork(true);
    Container drill = pod.getContainers().get(0);
    drill.setImage(image);
    drill.setImagePullPolicy("Never");
    List<EnvVar> env = new ArrayList<>(drill.getEnv() == null ? List.of() : drill.getEnv());
    env.add(new EnvVar("KUBERNETES_SERVICE_HOST", "127.0.0.1", null));
    env.add(new EnvVar("KUBERNETES_SERVICE_PORT", "6443", null));
    env.add(new EnvVar("KUBERNETES_TRUST_CERTIFICATES", "true", null));
    drill.setEnv(env);
    return c;
  }

  /**
   * The manifest's CronJob as this server can take it. {@code ci/k8s/cronjob.yaml} ships {@code
   * batch/v1}, which Kubernetes serves from 1.21 (and {@code batch/v1beta1} no longer from 1.25).
   * The local test cluster is v1.20, which has CronJob only as {@code batch/v1beta1} with the same
   * spec, so on a server older than 1.21, and only there, the CronJob is converted to that version,
   * as the manifest's header tells a reader on such a cluster to do. Anything newer gets the
   * manifest's batch/v1 object unchanged.
   */
  static HasMetadata forThisServer(KubernetesClient client, CronJob c) {
    var version = client.getKubernetesVersion();
    int major = leadingNumber(version.getMajor());
    int minor = leadingNumber(version.getMinor());
    if (major > 1 || minor >= 21) {
      return c;
    }
    var beta = client.getKubernetesSerialization()
        .convertValue(c, io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob.class);
    beta.setApiVersion("batch/v1beta1");
    return beta;
  }

  /** "20" of "20+" (some distributions append a plus). */
  private static int leadingNumber(String s) {
    return Integer.parseInt(s.replaceFirst("^(\\d+).*$", "$1"));
  }

  /** A CronJob's jobTemplate, of either API version: the labels and spec of the Jobs it makes. */
  record JobTemplate(Map<String, String> labels, JobSpec spec) {
    static JobTemplate of(HasMetadata cronJob) {
      if (cronJob instanceof CronJob v1) {
        return new JobTemplate(v1.getSpec().getJobTemplate().getMetadata().getLabels(),
            v1.getSpec().getJobTemplate().getSpec());
      }
      var beta = (io.fabric8.kubernetes.api.model.batch.v1beta1.CronJob) cronJob;
      return new JobTemplate(beta.getSpec().getJobTemplate().getMetadata().getLabels(),
          beta.getSpec().getJobTemplate().getSpec());
    }
  }

  private static Job awaitJob(KubernetesClient client, String ns, String name, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Job j = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      if (j != null && j.getStatus() != null
          && (nz(j.getStatus().getSucceeded()) > 0 || nz(j.getStatus().getFailed()) > 0)) {
        return j;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the Job did not finish within " + timeout.toSeconds() + " s; pods: "
            + client.pods().inNamespace(ns).list().getItems().stream()
                .map(p -> p.getMetadata().getName() + " " + p.getStatus().getPhase() + " "
                    + p.getStatus().getContainerStatuses()).toList()
            + "\nlog:\n" + logs(client, ns));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private static String logs(KubernetesClient client, String ns) {
    StringBuilder b = new StringBuilder();
    for (Pod p : client.pods().inNamespace(ns).withLabel("job-name", "rollback-drill-manual").list().getItems()) {
      try {
        b.append(client.pods().inNamespace(ns).withName(p.getMetadata().getName()).getLog());
      } catch (RuntimeException e) {
        b.append("(no log from ").append(p.getMetadata().getName()).append(": ").append(e.getMessage()).append(")\n");
      }
    }
    return b.toString();
  }
}
