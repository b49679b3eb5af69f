package dev.sluice.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ArgumentMerger;
import dev.sluice.analysis.args.RolloutLookup;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplate;
import dev.sluice.api.v1alpha1.AnalysisTemplateRef;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.operator.analysis.TemplateComposition;
import dev.sluice.api.v1alpha1.ArgumentValueFrom.PodTemplateHashValue;
import dev.sluice.api.v1alpha1.ClusterAnalysisTemplate;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Builds the AnalysisRun of a rollout's analysis step (or background analysis) from its templates and arguments. */
final class AnalysisRunFactory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AnalysisRunFactory() {
  }

  /** @throws RolloutProblem when a template is missing or an argument cannot be resolved */
  static AnalysisRun build(KubernetesClient client, Rollout rollout, String runName, RolloutAnalysis analysis, String hash) {
    String namespace = rollout.getMetadata().getNamespace();
    return build(ref -> Boolean.TRUE.equals(ref.clusterScope)
        ? Optional.ofNullable(client.resources(ClusterAnalysisTemplate.class).withName(ref.templateName).get())
            .map(ClusterAnalysisTemplate::getSpec).orElse(null)
        : Optional.ofNullable(client.resources(AnalysisTemplate.class).inNamespace(namespace).withName(ref.templateName).get())
            .map(AnalysisTemplate::getSpec).orElse(null), rollout, runName, analysis, hash);
  }

  /** Builds the run from templates found by {@code templates} (null when missing); separate so tests need no cluster. */
  static AnalysisRun build(Function<AnalysisTemplateRef, AnalysisTemplateSpec> templates, Rollout rollout, String runName,
      RolloutAnalysis analysis, String hash) {
    String namespace = rollout.getMetadata().getNamespace();
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.metrics = new ArrayList<>();
    // The rollout's rules first, then each template's, as Argo merges them.
    spec.dryRun = new ArrayList<>(analysis.dryRun == null ? List.of() : analysis.dryRun);
    spec.measurementRetention = new ArrayList<>(analysis.measurementRetention == null ? List.of() : analysis.measurementRetention);
    AnalysisTemplateSpec merged;
    try {
      // Templates may reference other templates (spec.templates): the run gets all of them, flattened.
      merged = TemplateComposition.merge(TemplateComposition.flatten(analysis.templates, templates));
    } catch (TemplateComposition.CompositionException e) {
      throw new RolloutProblem(e.reason, "analysis " + runName + ": " + e.getMessage());
    }
    spec.metrics.addAll(merged.metrics);
    spec.dryRun.addAll(merged.dryRun);
    spec.measurementRetention.addAll(merged.measurementRetention);
    // Argo refuses two rules for one metricName rather than guess which one the user meant.
    refuseRepeated(runName, "dryRun", spec.dryRun.stream().map(rule -> rule.metricName).toList());
    refuseRepeated(runName, "measurementRetention", spec.measurementRetention.stream().map(rule -> rule.metricName).toList());
    try {
      spec.args = ArgumentMerger.merge(merged.args, analysis.args, lookup(rollout, hash));
    } catch (ArgumentException e) {
      throw new RolloutProblem("AnalysisArgumentError", "analysis " + runName + ": " + e.getMessage());
    }
    AnalysisRun run = new AnalysisRun();
    var metadata = analysis.analysisRunMetadata;
    run.setMetadata(new ObjectMetaBuilder()
        .withName(runName).withNamespace(namespace)
        // analysisRunMetadata first, so that the labels Sluice finds its runs by win.
        .addToLabels(metadata == null || metadata.labels == null ? java.util.Map.of() : metadata.labels)
        .addToAnnotations(metadata == null || metadata.annotations == null ? java.util.Map.of() : metadata.annotations)
        .addToLabels(RolloutLabels.ROLLOUT, rollout.getMetadata().getName())
        .addToLabels(RolloutLabels.POD_TEMPLATE_HASH, hash)
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
            .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build())
        .build());
    run.setSpec(spec);
    return run;
  }

  private static void refuseRepeated(String runName, String field, List<String> metricNames) {
    Set<String> seen = new HashSet<>();
    for (String name : metricNames) {
      if (!seen.add(name)) {
        throw new RolloutProblem("AnalysisSpecError", "analysis " + runName + ": two " + field
            + " rules (of the rollout and its templates) name metric \"" + name + "\"");
      }
    }
  }

  private static RolloutLookup lookup(Rollout rollout, String hash) {
    JsonNode tree = JSON.valueToTree(rollout);
    return new RolloutLookup() {
      @Override
      public Optional<String> field(String fieldPath) {
        JsonNode node = tree;
        for (String part : FieldPath.parts(fieldPath)) {
          node = node.path(part);
        }
        return node.isMissingNode() || node.isNull() || node.isContainerNode() ? Optional.empty() : Optional.of(node.asText());
      }

      @Override
      public Optional<String> podTemplateHash(PodTemplateHashValue which) {
        return Optional.ofNullable(which == PodTemplateHashValue.Stable
            ? rollout.getStatus() == null ? null : rollout.getStatus().stableRS : hash);
      }
    };
  }
}
