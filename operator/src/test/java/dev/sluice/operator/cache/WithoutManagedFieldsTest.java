package dev.sluice.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {
  private static final String STORED = """
      {"apiVersion": "apps/v1", "kind": "ReplicaSet",
       "metadata": {"name": "web-6d4b", "namespace": "shop", "resourceVersion": "42", "labels": {"app": "web"},
         "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "fieldsType": "FieldsV1",
           "fieldsV1": {"f:status": {"f:replicas": {}, "f:readyReplicas": {}}}}]},
       "spec": {"replicas": 3}}""";

  private final KubernetesSerialization serialization = serialization();

  private static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    new WithoutManagedFields().customize(mapper);
    return new KubernetesSerialization(mapper, true);
  }

  @Test
  void anObjectIsReadWithoutItsManagedFieldsAndEverythingElse() {
    ReplicaSet read = serialization.unmarshal(STORED, ReplicaSet.class);
    assertThat(read.getMetadata().getManagedFields()).isEmpty();
    assertThat(read.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
    assertThat(read.getMetadata().getName()).isEqualTo("web-6d4b");
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(read.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(read.getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void anObjectWrittenBackWholeCarriesNoManagedFieldsSoTheServerKeepsItsOwn() {
    ReplicaSet read = serialization.unmarshal(STORED, ReplicaSet.class);
    assertThat(serialization.asJson(read)).doesNotContain("managedFields").contains("\"resourceVersion\":\"42\"");
  }

  @Test
  void managedFieldsSetOnPurposeAreStillWritten() {
    ObjectMeta metadata = new ObjectMeta();
    ManagedFieldsEntry entry = new ManagedFieldsEntry();
    entry.setManager("sluice");
    metadata.setManagedFields(List.of(entry));
    assertThat(serialization.asJson(metadata)).contains("\"managedFields\":[{\"manager\":\"sluice\"}]");
  }
}
