package dev.sluice.operator.analysis;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateStatus;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/** Checks an (Cluster)AnalysisTemplate when it is applied: conditions compile, arguments are consistent. */
final class TemplateValidation {
  private static final AnalysisSpecValidator VALIDATOR = new AnalysisSpecValidator(new ConditionCompiler());

  private TemplateValidation() {
  }

  static <T extends CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus>> void check(
      KubernetesClient client, EventPublisher events, T template) {
    List<String> problems = VALIDATOR.validate(template.getSpec());
    AnalysisTemplateStatus status = new AnalysisTemplateStatus();
    if (template.getStatus() != null && template.getStatus().conditions != null) {
      status.conditions.addAll(template.getStatus().conditions);
    }
    Long generation = template.getMetadata().getGeneration();
    String message = String.join("; ", problems);
    boolean changed = Conditions.set(status.conditions, Conditions.INVALID_SPEC, !problems.isEmpty(),
        problems.isEmpty() ? "Valid" : "InvalidSpec", message, generation, Instant.now());
    status.observedGeneration = generation;
    boolean messageChanged = template.getStatus() == null || template.getStatus().conditions == null
        || Conditions.find(template.getStatus().conditions, Conditions.INVALID_SPEC).map(c -> !message.equals(c.getMessage())).orElse(true);
    if (!changed && !messageChanged && generation.equals(template.getStatus().observedGeneration)) {
      return;
    }
    template.setStatus(status);
    client.resource(template).updateStatus();
    if (!problems.isEmpty() && (changed || messageChanged)) {
      events.warning((HasMetadata) template, "InvalidSpec", message);
    }
  }
}
