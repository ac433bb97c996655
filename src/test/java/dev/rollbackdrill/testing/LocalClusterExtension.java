package dev.rollbackdrill.testing;

import dev.rollbackdrill.cluster.ClusterException;
import dev.rollbackdrill.cluster.ClusterHandle;
import dev.rollbackdrill.cluster.ClusterProviders;
import dev.rollbackdrill.guard.Guardrails;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** See {@link OnLocalCluster}. */
final class LocalClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(LocalClusterExtension.class);

  /** One cluster and one client for the whole test run, closed when the run ends. */
  private record Shared(ClusterHandle handle, KubernetesClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  private static Shared shared(ExtensionContext context) {
    return context.getRoot().getStore(STORE).computeIfAbsent("cluster", k -> {
      try {
        ClusterHandle h = ClusterProviders.of("local").up(System.out);
        return new Shared(h, h.newClient());
      } catch (ClusterException e) {
        throw new IllegalStateException("the local cluster did not come up: " + e.getMessage(), e);
      }
    }, Shared.class);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Shared s = shared(context);
    String base = (context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName())
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    String name = base.replaceAll("-+$", "") + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    s.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels(Guardrails.DRILL_LABEL, "true").addToLabels("rollback-drill/test", "true")
        .endMetadata().build()).create();
    context.getStore(STORE).put("namespace", new TestNamespace(name));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestNamespace ns = context.getStore(STORE).get("namespace", TestNamespace.class);
    if (ns != null) {
      shared(context).client().namespaces().withName(ns.name()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == KubernetesClient.class || t == TestNamespace.class || t == ClusterHandle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    if (t == KubernetesClient.class) {
      return shared(e).client();
    }
    if (t == ClusterHandle.class) {
      return shared(e).handle();
    }
    TestNamespace ns = e.getStore(STORE).get("namespace", TestNamespace.class);
    if (ns == null) {
      throw new ParameterResolutionException("TestNamespace is available in test methods only");
    }
    return ns;
  }
}
