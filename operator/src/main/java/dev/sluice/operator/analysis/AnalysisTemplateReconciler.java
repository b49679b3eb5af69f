package dev.sluice.operator.analysis;

import dev.sluice.api.v1alpha1.AnalysisTemplate;
import dev.sluice.operator.events.EventPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

/** Marks an AnalysisTemplate InvalidSpec (condition and Event) as soon as it is applied. */
@ControllerConfiguration(name = "analysistemplate")
public class AnalysisTemplateReconciler implements Reconciler<AnalysisTemplate> {
  private final KubernetesClient client;
  private final EventPublisher events;

  @Inject
  public AnalysisTemplateReconciler(KubernetesClient client, EventPublisher events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public UpdateControl<AnalysisTemplate> reconcile(AnalysisTemplate template, Context<AnalysisTemplate> context) {
    TemplateValidation.check(client, events, template);
    return UpdateControl.noUpdate();
  }
}
