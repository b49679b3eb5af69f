package dev.sluice.operator.analysis;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.api.v1alpha1.AnalysisTemplate;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.ClusterAnalysisTemplate;
import dev.sluice.api.v1alpha1.AnalysisTemplateStatus;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/**
 * Checks an (Cluster)AnalysisTemplate when it is applied: conditions compile, arguments are consistent, and with
 * spec.templates the whole composition (cycles, a metric defined twice) as far as the referenced templates exist.
 */
final class TemplateValidation {
  private static final AnalysisSpecValidator VALIDATOR = new AnalysisSpecValidator(new ConditionCompiler());

  private TemplateValidation() {
  }

  static <T extends CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus>> void check(
      KubernetesClient client, EventPublisher events, T template) {
    List<String> problems = new java.util.ArrayList<>(VALIDATOR.validate(template.getSpec()));
    if (problems.isEmpty() && template.getSpec().templates != null && !template.getSpec().templates.isEmpty()) {
      problems.addAll(composedProblems(client, template));
    }
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

  /**
   * A referenced template that is not there yet is not a problem of this one (they may be applied in any order); the
   * rollout's run reports it (AnalysisTemplateNotFound) if it is still missing then.
   */
  private static List<String> composedProblems(KubernetesClient client, CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus> template) {
    String namespace = template.getMetadata().getNamespace();
    boolean clusterScoped = template instanceof ClusterAnalysisTemplate;
    String self = (clusterScoped ? "ClusterAnalysisTemplate \"" : "AnalysisTemplate \"") + template.getMetadata().getName() + "\"";
    try {
      var resolved = TemplateComposition.flatten(self, template.getSpec(), ref -> Boolean.TRUE.equals(ref.clusterScope)
          ? spec(client.resources(ClusterAnalysisTemplate.class).withName(ref.templateName).get())
          : namespace == null ? null // a ClusterAnalysisTemplate's namespaced references resolve in each rollout's namespace
          : spec(client.resources(AnalysisTemplate.class).inNamespace(namespace).withName(ref.templateName).get()));
      return VALIDATOR.validateComposed(TemplateComposition.merge(resolved));
    } catch (TemplateComposition.CompositionException e) {
      return "AnalysisTemplateNotFound".equals(e.reason) ? List.of() : List.of(e.getMessage());
    }
  }

  private static AnalysisTemplateSpec spec(CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus> template) {
    return template == null ? null : template.getSpec();
  }
}
