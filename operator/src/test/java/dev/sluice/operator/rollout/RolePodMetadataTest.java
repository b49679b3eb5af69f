package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What role metadata changes on a pod or a pod template, and what it never touches. */
class RolePodMetadataTest {
  static final PodTemplateMetadata NONE = new PodTemplateMetadata(Map.of(), Map.of());
  static final PodTemplateMetadata CANARY = new PodTemplateMetadata(Map.of("role", "canary"), Map.of("note", "new"));
  static final PodTemplateMetadata STABLE = new PodTemplateMetadata(Map.of("role", "stable", "tier", "prod"), Map.of());
  final RolePodMetadata roles = new RolePodMetadata(null, Set.of("app"));

  static ObjectMeta pod(Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMetaBuilder().withLabels(labels).withAnnotations(annotations).build();
  }

  @Test
  void aRoleChangeSetsTheNewRoleAndRemovesWhatTheOldOneHadAlone() {
    ObjectMeta canaryPod = pod(Map.of("app", "web", "role", "canary", RolloutLabels.POD_TEMPLATE_HASH, "c1"),
        Map.of("note", "new", "kept", "by someone else"));
    Map<String, Object> change = roles.change(canaryPod, CANARY, STABLE);
    Map<String, String> labels = new HashMap<>();
    labels.put("role", "stable");
    labels.put("tier", "prod");
    Map<String, String> annotations = new HashMap<>();
    annotations.put("note", null);
    assertThat(change).containsExactlyInAnyOrderEntriesOf(Map.of("labels", labels, "annotations", annotations));
  }

  @Test
  void nothingChangesWhenThePodAlreadyHasItsRole() {
    ObjectMeta stablePod = pod(Map.of("app", "web", "role", "stable", "tier", "prod"), Map.of());
    assertThat(roles.change(stablePod, STABLE, STABLE)).isEmpty();
    assertThat(roles.change(pod(Map.of("app", "web"), null), NONE, NONE)).isEmpty();
  }

  @Test
  void selectorLabelsAndTheHashAreNeverSetNorRemoved() {
    PodTemplateMetadata clashing = new PodTemplateMetadata(
        Map.of("app", "other", RolloutLabels.POD_TEMPLATE_HASH, "x", "role", "canary"), Map.of());
    ObjectMeta pod = pod(Map.of("app", "web", RolloutLabels.POD_TEMPLATE_HASH, "c1"), Map.of());
    assertThat(roles.change(pod, NONE, clashing)).isEqualTo(Map.of("labels", Map.of("role", "canary")));
    ObjectMeta labelled = pod(Map.of("app", "web", RolloutLabels.POD_TEMPLATE_HASH, "c1", "role", "canary"), Map.of());
    Map<String, String> removal = new HashMap<>();
    removal.put("role", null);
    assertThat(roles.change(labelled, clashing, NONE)).isEqualTo(Map.of("labels", removal));
  }

  @Test
  void aNewReplicaSetIsBornWithItsRoleAndTheRecordOfIt() {
    ReplicaSet replicaSet = new ReplicaSetBuilder().withNewMetadata().withName("web-c1").endMetadata().withNewSpec()
        .withTemplate(new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().build())
        .endSpec().build();
    roles.addTo(replicaSet, CANARY);
    assertThat(replicaSet.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("role", "canary").containsEntry("app", "web");
    assertThat(replicaSet.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("note", "new");
    assertThat(RolePodMetadata.recorded(replicaSet)).usingRecursiveComparison().isEqualTo(CANARY);

    PodTemplateSpec template = replicaSet.getSpec().getTemplate();
    RolePodMetadata.stripRole(template, RolePodMetadata.recorded(replicaSet));
    assertThat(template.getMetadata().getLabels()).containsExactly(Map.entry("app", "web"));
    assertThat(template.getMetadata().getAnnotations()).isNull();
  }

  @Test
  void anUnreadableRecordCountsAsNothingRecorded() {
    ReplicaSet replicaSet = new ReplicaSetBuilder().withNewMetadata()
        .withAnnotations(Map.of(RolloutLabels.ROLE_METADATA, "not json")).endMetadata().build();
    assertThat(RolePodMetadata.recorded(replicaSet)).usingRecursiveComparison().isEqualTo(NONE);
  }
}
