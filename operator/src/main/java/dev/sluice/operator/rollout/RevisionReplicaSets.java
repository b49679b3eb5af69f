package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.plan.Revision;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The ReplicaSet of a Rollout's revision: how it is named and built, and how the planner sees it. */
public final class RevisionReplicaSets {
  private RevisionReplicaSets() {
  }

  public static String name(Rollout rollout, String hash) {
    return rollout.getMetadata().getName() + "-" + hash;
  }

  /** A new revision's ReplicaSet; sequence is its place in the Rollout's history (see {@link #nextSequence}). */
  public static ReplicaSet build(Rollout rollout, String hash, int replicas, long sequence) {
    PodTemplateSpec template = PodTemplateCopy.of(rollout.getSpec().template);
    Map<String, String> podLabels = new HashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
    podLabels.put(RolloutLabels.POD_TEMPLATE_HASH, hash);
    template.getMetadata().setLabels(podLabels);
    AntiAffinityRule.inject(template, rollout, hash);
    LabelSelector selector = new LabelSelectorBuilder(rollout.getSpec().selector)
        .addToMatchLabels(RolloutLabels.POD_TEMPLATE_HASH, hash).build();
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name(rollout, hash))
        .withNamespace(rollout.getMetadata().getNamespace())
        .addToLabels(podLabels)
        .addToLabels(RolloutLabels.ROLLOUT, rollout.getMetadata().getName())
        .addToAnnotations(RolloutLabels.REVISION, Long.toString(sequence))
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
            .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withMinReadySeconds(rollout.getSpec().minReadySeconds)
        .withSelector(selector)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** One more than the newest of the Rollout's ReplicaSets: the sequence of the next revision. */
  public static long nextSequence(Collection<ReplicaSet> existing) {
    return existing.stream().mapToLong(RevisionReplicaSets::sequence).max().orElse(0) + 1;
  }

  /** The ReplicaSet's place in the history; 0 when it has none or it is not a number (it was edited by hand). */
  static long sequence(ReplicaSet replicaSet) {
    Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(RolloutLabels.REVISION);
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The planner's view of a ReplicaSet; null when it is not a revision (no hash label). */
  public static Revision view(ReplicaSet replicaSet) {
    String hash = replicaSet.getMetadata().getLabels() == null ? null
        : replicaSet.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH);
    if (hash == null) {
      return null;
    }
    var status = replicaSet.getStatus();
    String scaleDownAt = replicaSet.getMetadata().getAnnotations() == null ? null
        : replicaSet.getMetadata().getAnnotations().get(RolloutLabels.SCALE_DOWN_AT);
    return new Revision(hash,
        replicaSet.getSpec().getReplicas() == null ? 1 : replicaSet.getSpec().getReplicas(),
        status == null || status.getReplicas() == null ? 0 : status.getReplicas(),
        status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
        status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas(),
        replicaSet.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH : Instant.parse(replicaSet.getMetadata().getCreationTimestamp()),
        scaleDownAt == null ? null : Instant.parse(scaleDownAt), sequence(replicaSet));
  }
}
