package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AntiAffinity;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;

/**
 * antiAffinity, as Argo Rollouts injects it: a revision's ReplicaSet created while another revision is stable gets,
 * beside the template's own affinity, a pod anti-affinity term against the stable's pods (its hash label, the
 * Rollout's namespace, per node). Only on the ReplicaSet: the spec's template, and so the revision's hash, is not
 * changed.
 */
final class AntiAffinityRule {
  static final String TOPOLOGY = "kubernetes.io/hostname";

  private AntiAffinityRule() {
  }

  static void inject(PodTemplateSpec template, Rollout rollout, String hash) {
    var strategy = rollout.getSpec().strategy;
    AntiAffinity antiAffinity = strategy.canary != null ? strategy.canary.antiAffinity
        : strategy.blueGreen == null ? null : strategy.blueGreen.antiAffinity;
    String stable = rollout.getStatus() == null ? null : rollout.getStatus().stableRS;
    if (antiAffinity == null || stable == null || stable.equals(hash)) {
      return;
    }
    PodAffinityTerm term = new PodAffinityTermBuilder()
        .withLabelSelector(new LabelSelectorBuilder().addNewMatchExpression()
            .withKey(RolloutLabels.POD_TEMPLATE_HASH).withOperator("In").withValues(stable).endMatchExpression().build())
        .withNamespaces(rollout.getMetadata().getNamespace())
        .withTopologyKey(TOPOLOGY)
        .build();
    var spec = template.getSpec();
    if (spec.getAffinity() == null) {
      spec.setAffinity(new Affinity());
    }
    if (spec.getAffinity().getPodAntiAffinity() == null) {
      spec.getAffinity().setPodAntiAffinity(new PodAntiAffinity());
    }
    PodAntiAffinity pods = spec.getAffinity().getPodAntiAffinity();
    if (antiAffinity.preferredDuringSchedulingIgnoredDuringExecution != null) {
      java.util.List<WeightedPodAffinityTerm> preferred = new ArrayList<>();
      if (pods.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
        preferred.addAll(pods.getPreferredDuringSchedulingIgnoredDuringExecution());
      }
      preferred.add(new WeightedPodAffinityTerm(term, antiAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight));
      pods.setPreferredDuringSchedulingIgnoredDuringExecution(preferred);
    } else {
      java.util.List<PodAffinityTerm> required = new ArrayList<>();
      if (pods.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        required.addAll(pods.getRequiredDuringSchedulingIgnoredDuringExecution());
      }
      required.add(term);
      pods.setRequiredDuringSchedulingIgnoredDuringExecution(required);
    }
  }
}
