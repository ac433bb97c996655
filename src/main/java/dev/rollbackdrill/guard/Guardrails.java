package dev.rollbackdrill.guard;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * What a drill refuses before it changes anything. A namespace is drilled only when it carries
 * {@value #DRILL_LABEL}{@code =true}: a drill deliberately breaks things, so it must be told
 * where that is welcome.
 */
public final class Guardrails {

  public static final String DRILL_LABEL = "rollback-drill/enabled";

  private Guardrails() {}

  /** Null when the namespace may be drilled; otherwise why not. */
  public static String refuseNamespace(KubernetesClient client, String namespace) {
    Namespace ns = client.namespaces().withName(namespace).get();
    if (ns == null) {
      return "namespace " + namespace + " does not exist";
    }
    Map<String, String> labels = ns.getMetadata().getLabels();
    if (labels == null || !"true".equals(labels.get(DRILL_LABEL))) {
      return "namespace " + namespace + " is not marked for drills; label it with "
          + "'kubectl label namespace " + namespace + " " + DRILL_LABEL + "=true' to allow them";
    }
    return null;
  }
}
