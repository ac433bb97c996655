package dev.rollbackdrill.drill;

import dev.rollbackdrill.scenario.Fixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
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
 * The built-in demo service ({@code target.fixture}), created afresh before each drill so that
 * revision 1 is always the healthy v1: {@code demo} is a two-replica Deployment of the demo image
 * and its Service; {@code blue-green} is that as two colours behind one Service (demo-blue live,
 * demo-green a release answering HTTP 500); {@code feature-flag} is the demo reading its
 * risky-path flag live from the ConfigMap demo-flags. The fixtures share the Service {@code demo}
 * and own the Deployments demo, demo-blue and demo-green of their namespace: each deletes all of
 * them, so fixtures can take turns in one namespace. It creates the namespace, marked for drills,
 * only when the namespace does not exist; it never marks an existing namespace.
 */
public final class DemoFixture {

  /** Every Deployment any fixture makes; a reset deletes them all. */
  static final List<String> DEPLOYMENTS = List.of("demo", "demo-blue", "demo-green");

  private DemoFixture() {}

  /** The {@code demo} fixture. */
  public static void reset(KubernetesClient client, String namespace) {
    reset(client, namespace, Fixture.DEMO);
  }

  public static void reset(KubernetesClient client, String namespace, Fixture fixture) {
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
    List<HasMetadata> objects = load(client, namespace, fixture);
    for (String name : DEPLOYMENTS) {
      Resource<Deployment> existing = client.apps().deployments().inNamespace(namespace).withName(name);
      if (existing.get() != null) {
        existing.withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        existing.waitUntilCondition(Objects::isNull, 90, TimeUnit.SECONDS);
      }
    }
    for (HasMetadata o : objects) {
      HasMetadata current = client.resource(o).inNamespace(namespace).get();
      if (current == null) {
        client.resource(o).inNamespace(namespace).create();
      } else if (o instanceof Service s && !Objects.equals(((Service) current).getSpec().getSelector(), s.getSpec().getSelector())) {
        // Replacing the Service would drop its allocated ClusterIP: only put its selector back
        // (a killed blue-green drill may have left it on the other colour, or another fixture ran here).
        client.services().inNamespace(namespace).withName(s.getMetadata().getName()).edit(x -> {
          x.getSpec().setSelector(s.getSpec().getSelector());
          return x;
        });
      } else if (o instanceof ConfigMap c && !Objects.equals(((ConfigMap) current).getData(), c.getData())) {
        client.configMaps().inNamespace(namespace).withName(c.getMetadata().getName()).edit(x -> {
          x.setData(c.getData());
          return x;
        });
      }
    }
  }

  static List<HasMetadata> load(KubernetesClient client, String namespace, Fixture fixture) {
    String file = fixture.yamlName() + "-fixture.yaml";
    try (InputStream in = DemoFixture.class.getResourceAsStream(file)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAMESPACE", namespace);
      return client.load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
