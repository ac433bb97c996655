package dev.rollbackdrill.drill;

import dev.rollbackdrill.database.DatabaseException;
import dev.rollbackdrill.database.DrillDatabase;
import dev.rollbackdrill.guard.Guardrails;
import dev.rollbackdrill.scenario.Fixture;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
 * and own the Deployments demo, demo-blue and demo-green of their namespace, so fixtures can take
 * turns in one namespace.
 *
 * <p>A fixture never deletes or changes what it did not create: everything it creates carries the
 * label {@value #LABEL}, and a reset first checks that every object it would delete or put back
 * carries it; if one does not (someone's real {@code demo} Deployment, in a namespace marked for
 * drills, on any cluster) it refuses with {@link NotOurs}, before touching anything. It creates
 * the namespace, marked for drills, only when the namespace does not exist; it never marks an
 * existing namespace.
 */
public final class DemoFixture {

  /** On every object a fixture creates; its value names the fixture. */
  public static final String LABEL = "rollback-drill/fixture";

  /** Every Deployment any fixture makes; a reset deletes them all. */
  static final List<String> DEPLOYMENTS = List.of("demo", "demo-blue", "demo-green");

  private DemoFixture() {}

  /** A fixture was asked to replace objects it did not create; the message names them. */
  public static final class NotOurs extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NotOurs(String message) {
      super(message);
    }
  }

  /**
   * Deletes the fixtures' Deployments in {@code namespace} and creates {@code fixture}'s objects
   * afresh.
   *
   * @throws NotOurs before changing anything, when an object it would delete or change lacks {@value #LABEL}
   */
  public static void reset(KubernetesClient client, String namespace, Fixture fixture) {
    reset(client, namespace, fixture, null);
  }

  /**
   * As {@link #reset(KubernetesClient, String, Fixture)}; {@code database} is the drill's database,
   * which {@link Fixture#DEMO_DB} makes afresh (after its pods are gone) and names in its Secret.
   *
   * @throws NotOurs before changing anything, when an object it would delete or change lacks {@value #LABEL}
   */
  public static void reset(KubernetesClient client, String namespace, Fixture fixture, DrillDatabase database) {
    List<HasMetadata> objects = new java.util.ArrayList<>(load(client, namespace, fixture));
    if (fixture == Fixture.DEMO_DB) {
      objects.add(0, secretShell(namespace)); // its name is enough for the check; its data starts PostgreSQL
    }
    List<String> foreign = notOurs(client, namespace, objects);
    if (!foreign.isEmpty()) {
      throw new NotOurs(refusal(namespace, fixture, foreign));
    }
    if (fixture == Fixture.DEMO_DB) {
      objects.set(0, secret(namespace, database));
    }
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
    for (String name : DEPLOYMENTS) {
      Resource<Deployment> existing = client.apps().deployments().inNamespace(namespace).withName(name);
      if (existing.get() != null) {
        existing.withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        existing.waitUntilCondition(Objects::isNull, 90, TimeUnit.SECONDS);
      }
    }
    if (fixture == Fixture.DEMO_DB) {
      try {
        database.resetOwned();
      } catch (DatabaseException e) {
        throw new IllegalStateException("fixture demo-db: " + e.getMessage(), e);
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
      } else if (o instanceof Secret sec && !Objects.equals(((Secret) current).getStringData(), sec.getStringData())) {
        client.secrets().inNamespace(namespace).withName(sec.getMetadata().getName()).edit(x -> {
          x.setData(null);
          x.setStringData(sec.getStringData());
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

  /**
   * What a reset of {@code fixture} would delete or change in {@code namespace} without having
   * created it, as {@code kind/name}; empty when the reset may go ahead. Read-only.
   */
  public static List<String> notOurs(KubernetesClient client, String namespace, Fixture fixture) {
    return notOurs(client, namespace, load(client, namespace, fixture));
  }

  private static List<String> notOurs(KubernetesClient client, String namespace, List<HasMetadata> objects) {
    java.util.Map<String, HasMetadata> touched = new java.util.LinkedHashMap<>();
    for (String name : DEPLOYMENTS) {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (d != null) {
        touched.put("deployment/" + name, d);
      }
    }
    for (HasMetadata o : objects) {
      String key = o.getKind().toLowerCase(java.util.Locale.ROOT) + "/" + o.getMetadata().getName();
      if (!touched.containsKey(key)) {
        HasMetadata current = client.resource(o).inNamespace(namespace).get();
        if (current != null) {
          touched.put(key, current);
        }
      }
    }
    return touched.entrySet().stream()
        .filter(e -> e.getValue().getMetadata().getLabels() == null
            || !e.getValue().getMetadata().getLabels().containsKey(LABEL))
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  static String refusal(String namespace, Fixture fixture, List<String> foreign) {
    return "fixture " + fixture.yamlName() + ": namespace " + namespace + " already has " + String.join(", ", foreign)
        + ", which no fixture created (no label " + LABEL + "); a fixture deletes and replaces only its own objects."
        + " Remove target.fixture from the scenario to drill what is there, or delete them yourself";
  }

  /** The demo-db Secret without its data: what the not-ours check needs to know of it. */
  private static Secret secretShell(String namespace) {
    return new SecretBuilder().withNewMetadata().withName("demo-db").withNamespace(namespace)
        .addToLabels(LABEL, Fixture.DEMO_DB.yamlName()).endMetadata().build();
  }

  /** The libpq settings of the drill's database for the demo's pods (demo-db only). */
  private static Secret secret(String namespace, DrillDatabase database) {
    if (database == null || !database.section().throwaway()) {
      throw new IllegalStateException("fixture demo-db needs the scenario's database: section without url");
    }
    try {
      return new SecretBuilder(secretShell(namespace)).withStringData(database.podEnv()).build();
    } catch (DatabaseException e) {
      throw new IllegalStateException("fixture demo-db: " + e.getMessage(), e);
    }
  }

  static List<HasMetadata> load(KubernetesClient client, String namespace, Fixture fixture) {
    String file = fixture.yamlName() + "-fixture.yaml";
    try (InputStream in = DemoFixture.class.getResourceAsStream(file)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAMESPACE", namespace);
      List<HasMetadata> objects =
          client.load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
      for (HasMetadata o : objects) {
        if (o.getMetadata().getLabels() == null) {
          o.getMetadata().setLabels(new java.util.LinkedHashMap<>());
        }
        o.getMetadata().getLabels().put(LABEL, fixture.yamlName());
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
