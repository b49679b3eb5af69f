package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AntiAffinity;
import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.api.v1alpha1.RolloutStrategy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

/** antiAffinity: the ReplicaSet of a new revision avoids the stable's pods; the first revision's does not. */
class AntiAffinityRuleTest {
  private static Rollout rollout(AntiAffinity antiAffinity, String stable) {
    Rollout rollout = new Rollout();
    rollout.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid("u").build());
    rollout.setSpec(new RolloutSpec());
    rollout.getSpec().selector = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().addToMatchLabels("app", "web").build();
    rollout.getSpec().template = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("web:1").endContainer().endSpec().build();
    rollout.getSpec().strategy = new RolloutStrategy();
    rollout.getSpec().strategy.canary = new CanaryStrategy();
    rollout.getSpec().strategy.canary.antiAffinity = antiAffinity;
    rollout.setStatus(new RolloutStatus());
    rollout.getStatus().stableRS = stable;
    return rollout;
  }

  private static AntiAffinity preferred(int weight) {
    AntiAffinity antiAffinity = new AntiAffinity();
    antiAffinity.preferredDuringSchedulingIgnoredDuringExecution = new AntiAffinity.Preferred();
    antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight = weight;
    return antiAffinity;
  }

  @Test
  void aNewRevisionPrefersNodesWithoutStablePods() {
    ReplicaSet replicaSet = RevisionReplicaSets.build(rollout(preferred(40), "s1"), "c1", 1, 1);
    var preferred = replicaSet.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(preferred).hasSize(1);
    assertThat(preferred.get(0).getWeight()).isEqualTo(40);
    var term = preferred.get(0).getPodAffinityTerm();
    assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(term.getNamespaces()).containsExactly("shop");
    assertThat(term.getLabelSelector().getMatchExpressions().get(0).getKey()).isEqualTo("sluice.dev/pod-template-hash");
    assertThat(term.getLabelSelector().getMatchExpressions().get(0).getValues()).containsExactly("s1");
  }

  @Test
  void requiredIsARequiredTermAndTheSpecsTemplateIsUntouched() {
    AntiAffinity required = new AntiAffinity();
    required.requiredDuringSchedulingIgnoredDuringExecution = new AntiAffinity.Required();
    Rollout rollout = rollout(required, "s1");
    ReplicaSet replicaSet = RevisionReplicaSets.build(rollout, "c1", 1, 1);
    assertThat(replicaSet.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
    assertThat(rollout.getSpec().template.getSpec().getAffinity()).isNull();
  }

  @Test
  void theFirstRevisionAndTheStableItselfGetNone() {
    assertThat(RevisionReplicaSets.build(rollout(preferred(1), null), "s1", 1, 1).getSpec().getTemplate().getSpec()
        .getAffinity()).isNull();
    assertThat(RevisionReplicaSets.build(rollout(preferred(1), "s1"), "s1", 1, 1).getSpec().getTemplate().getSpec()
        .getAffinity()).isNull();
    assertThat(RevisionReplicaSets.build(rollout(null, "s1"), "c1", 1, 1).getSpec().getTemplate().getSpec()
        .getAffinity()).isNull();
  }
}
