package dev.sluice.operator.analysis;

import dev.sluice.api.v1alpha1.ClusterAnalysisTemplate;
import dev.sluice.operator.events.EventPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;

/** Marks a ClusterAnalysisTemplate InvalidSpec (condition and Event) as soon as it is applied. */
@ControllerConfiguration(name = "clusteranalysistemplate")
public class ClusterAnalysisTemplateReconciler implements Reconciler<ClusterAnalysisTemplate> {
  private final KubernetesClient client;
  private final EventPublisher events;

  @Inject
  public ClusterAnalysisTemplateReconciler(KubernetesClient client, EventPublisher events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public UpdateControl<ClusterAnalysisTemplate> reconcile(ClusterAnalysisTemplate template, Context<ClusterAnalysisTemplate> context) {
    TemplateValidation.check(client, events, template);
    return UpdateControl.noUpdate();
  }
}
