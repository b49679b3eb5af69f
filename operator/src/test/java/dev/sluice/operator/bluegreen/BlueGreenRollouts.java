package dev.sluice.operator.bluegreen;

import dev.sluice.api.v1alpha1.AnalysisTemplateRef;
import dev.sluice.api.v1alpha1.BlueGreenStrategy;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStrategy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Test fixture: blue-green Rollouts, with Argo-like defaults left unset unless a test sets them. */
final class BlueGreenRollouts {
  static final String NAME = "demo";
  static final String ACTIVE = "demo-active";
  static final String PREVIEW = "demo-preview";

  private BlueGreenRollouts() {
  }

  static Builder blueGreen() {
    return new Builder();
  }

  static final class Builder {
    private final Rollout rollout = new Rollout();
    private final RolloutSpec spec = new RolloutSpec();
    private final BlueGreenStrategy blueGreen = new BlueGreenStrategy();

    private Builder() {
      rollout.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace("default").withGeneration(1L).build());
      spec.replicas = 4;
      spec.strategy = new RolloutStrategy();
      spec.strategy.blueGreen = blueGreen;
      blueGreen.activeService = ACTIVE;
      blueGreen.previewService = PREVIEW;
      rollout.setSpec(spec);
    }

    Builder replicas(int replicas) {
      spec.replicas = replicas;
      return this;
    }

    Builder noPreviewService() {
      blueGreen.previewService = null;
      return this;
    }

    Builder previewReplicaCount(int count) {
      blueGreen.previewReplicaCount = count;
      return this;
    }

    Builder manualPromotion() {
      blueGreen.autoPromotionEnabled = false;
      return this;
    }

    Builder autoPromotionSeconds(int seconds) {
      blueGreen.autoPromotionSeconds = seconds;
      return this;
    }

    Builder scaleDownDelaySeconds(int seconds) {
      blueGreen.scaleDownDelaySeconds = seconds;
      return this;
    }

    Builder scaleDownDelayRevisionLimit(int limit) {
      blueGreen.scaleDownDelayRevisionLimit = limit;
      return this;
    }

    /** activeMetadata and previewMetadata: a "role" label each, and an annotation on the preview. */
    Builder roleMetadata() {
      blueGreen.activeMetadata = new PodTemplateMetadata(Map.of("role", "active"), null);
      blueGreen.previewMetadata = new PodTemplateMetadata(Map.of("role", "preview"), Map.of("note", "not live yet"));
      return this;
    }

    Builder abortScaleDownDelaySeconds(int seconds) {
      blueGreen.abortScaleDownDelaySeconds = seconds;
      return this;
    }

    Builder prePromotion(String template) {
      blueGreen.prePromotionAnalysis = analysis(template);
      return this;
    }

    Builder postPromotion(String template) {
      blueGreen.postPromotionAnalysis = analysis(template);
      return this;
    }

    Builder progressDeadline(int seconds, boolean abort) {
      spec.progressDeadlineSeconds = seconds;
      spec.progressDeadlineAbort = abort;
      return this;
    }

    Builder rollbackWindow(int revisions) {
      spec.rollbackWindow = new dev.sluice.api.v1alpha1.RollbackWindow();
      spec.rollbackWindow.revisions = revisions;
      return this;
    }

    Builder revisionHistoryLimit(int limit) {
      spec.revisionHistoryLimit = limit;
      return this;
    }

    Rollout build() {
      return rollout;
    }
  }

  static RolloutAnalysis analysis(String template) {
    RolloutAnalysis analysis = new RolloutAnalysis();
    AnalysisTemplateRef ref = new AnalysisTemplateRef();
    ref.templateName = template;
    analysis.templates = List.of(ref);
    return analysis;
  }
}
