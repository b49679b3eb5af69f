package dev.sluice.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * java-operator-sdk's reconcile metrics (operator_sdk_*), passed through to {@code delegate}, plus the one signal
 * Sluice needs from them: a Rollout's delete event, which the SDK reports here even though the Rollout controller
 * has no finalizer, so that {@link SluiceMetrics} drops that Rollout's series.
 */
final class ReconcileMetrics implements Metrics {
  static final String ROLLOUT_CONTROLLER = "rollout";

  private final Metrics delegate;
  private final SluiceMetrics sluiceMetrics;

  ReconcileMetrics(Metrics delegate, SluiceMetrics sluiceMetrics) {
    this.delegate = delegate;
    this.sluiceMetrics = sluiceMetrics;
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(id, metadata);
    if (ROLLOUT_CONTROLLER.equals(metadata.get(Constants.CONTROLLER_NAME))) {
      id.getNamespace().ifPresent(namespace -> sluiceMetrics.rolloutDeleted(namespace, id.getName()));
    }
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    delegate.controllerRegistered(controller);
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return delegate.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
