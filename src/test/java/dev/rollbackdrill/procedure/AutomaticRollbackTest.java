package dev.rollbackdrill.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who scaled the canary: the field manager that owns its {@code spec.replicas}, as the API server records it. */
class AutomaticRollbackTest {

  private static ManagedFieldsEntry entry(String manager, String time, Map<String, Object> fields) {
    FieldsV1 f = new FieldsV1();
    fields.forEach(f::setAdditionalProperty);
    return new ManagedFieldsEntryBuilder().withManager(manager).withOperation("Update").withTime(time).withFieldsV1(f)
        .build();
  }

  @Test
  void theOwnerOfTheReplicasIsWhoeverChangedThemLast() {
    List<ManagedFieldsEntry> fields = List.of(
        entry("rollback-drill", "2026-12-07T01:00:00Z", Map.of("f:metadata", Map.of("f:labels", Map.of()),
            "f:spec", Map.of("f:template", Map.of()))),
        entry("rollback-drill-canary-watch", "2026-12-07T01:00:05Z", Map.of("f:spec", Map.of("f:replicas", Map.of()))),
        entry("kube-controller-manager", "2026-12-07T01:00:06Z", Map.of("f:status", Map.of("f:replicas", Map.of()))));

    assertThat(AutomaticRollback.replicasOwner(fields)).contains("rollback-drill-canary-watch");
  }

  @Test
  void noOwnerOfTheReplicasSaysNothing() {
    assertThat(AutomaticRollback.replicasOwner(null)).isEmpty();
    assertThat(AutomaticRollback.replicasOwner(List.of(entry("x", "2026-12-07T01:00:00Z", Map.of("f:status",
        Map.of("f:replicas", Map.of())))))).isEmpty();
  }
}
