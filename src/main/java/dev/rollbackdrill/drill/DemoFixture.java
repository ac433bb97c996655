package dev.rollbackdrill.drill;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo service ({@code target.fixture: demo}): a two-replica Deployment of the demo
 * image and its Service, created afresh before each drill so that revision 1 is always the healthy
 * v1. It creates the namespace, marked for drills, only when the namespace does not exist; it never
 * marks an existing namespace.
 */
public final class DemoFixture {

  private DemoFixture() {}

  public static void reset(KubernetesClient client, String namespace) {
    if (client.namespaces().withName(namespace).get() == null) {
      Namespace ns =
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(namespace)
              .addToLabels(Guardrails.DRILL_LABEL, "true")
              .endMetadata()
              .build();
      client.namespaces().resource(ns).create();
    }
    List<HasMetadata> objects = load(client, namespace);
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        Resource<Deployment> existing =
            client.apps().deployments().inNamespace(namespace).withName(d.getMetadata().getName());
        if (existing.get() != null) {
          existing.withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
          existing.waitUntilCondition(Objects::isNull, 90, TimeUnit.SECONDS);
        }
      }
    }
    for (HasMetadata o : objects) {
      // The Service never changes, and replacing it would drop its allocated ClusterIP: keep it.
      if (client.resource(o).inNamespace(namespace).get() == null) {
        client.resource(o).inNamespace(namespace).create();
      }
    }
  }

  static List<HasMetadata> load(KubernetesClient client, String namespace) {
    try (InputStream in = DemoFixture.class.getResourceAsStream("demo-fixture.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAMESPACE", namespace);
      return client.load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
