package dev.sluice.operator.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisEvaluator;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.analysis.evaluation.Decision;
import dev.sluice.analysis.prometheus.PrometheusMeasurementSource;
import dev.sluice.analysis.prometheus.PrometheusProvider;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.operator.metrics.SluiceMetrics;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Takes an AnalysisRun's measurements when they are due and records each one; the next one is scheduled by requeue,
 * never by a sleeping thread. A spec that cannot be evaluated (a condition that does not compile) ends the run as
 * Error at once, never as Successful.
 */
@ControllerConfiguration(name = "analysisrun", generationAwareEventProcessing = false)
@RBACRule(apiGroups = "", resources = "secrets", verbs = RBACVerbs.GET)
public class AnalysisRunReconciler implements Reconciler<AnalysisRun> {
  private static final Logger LOG = Logger.getLogger(AnalysisRunReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final SluiceMetrics metrics;
  private final AnalysisEvaluator evaluator;
  private final AnalysisSpecValidator validator;
  private final PrometheusProvider prometheus = new PrometheusProvider();
  private final Clock clock = Clock.systemUTC();

  @Inject
  public AnalysisRunReconciler(KubernetesClient client, SluiceMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
    ConditionCompiler conditions = new ConditionCompiler();
    this.evaluator = new AnalysisEvaluator(conditions);
    this.validator = new AnalysisSpecValidator(conditions);
  }

  @PreDestroy
  void close() {
    prometheus.close();
  }

  @Override
  public UpdateControl<AnalysisRun> reconcile(AnalysisRun run, Context<AnalysisRun> context) {
    AnalysisRunStatus current = run.getStatus() == null ? new AnalysisRunStatus() : run.getStatus();
    if (current.phase != null && current.phase.completed()) {
      return UpdateControl.noUpdate();
    }
    List<String> problems = validator.validate(run.getSpec());
    if (!problems.isEmpty()) {
      AnalysisRunStatus invalid = JSON.convertValue(current, AnalysisRunStatus.class);
      invalid.phase = AnalysisPhase.Error;
      invalid.message = StatusText.message("InvalidSpec: " + String.join("; ", problems));
      write(run, invalid);
      return UpdateControl.noUpdate();
    }
    String namespace = run.getMetadata().getNamespace();
    var source = new PrometheusMeasurementSource(prometheus, run.getSpec().args, (secret, key) -> secretValue(namespace, secret, key));
    Decision decision = evaluator.step(run.getSpec(), current, clock, source);
    if (decision.changedFrom(run.getStatus())) {
      decision.status().observedGeneration = run.getMetadata().getGeneration();
      write(run, decision.status());
    }
    UpdateControl<AnalysisRun> control = UpdateControl.noUpdate();
    decision.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * With the resourceVersion read: a concurrent terminate makes this fail and the run is reconciled again. A status
   * the API server refuses for good (too large, invalid) ends the run as Error instead ({@link RefusedStatus}).
   */
  private void write(AnalysisRun run, AnalysisRunStatus status) {
    AnalysisRunStatus written = status;
    try {
      put(run, status);
    } catch (KubernetesClientException e) {
      if (!RefusedStatus.isRefusal(e)) {
        throw e;
      }
      written = RefusedStatus.errored(run.getStatus(), status, e);
      LOG.warnf("AnalysisRun %s/%s: status refused (%s); ending the run as Error", run.getMetadata().getNamespace(),
          run.getMetadata().getName(), RefusedStatus.reason(e));
      try {
        put(run, written);
      } catch (KubernetesClientException again) {
        if (!RefusedStatus.isRefusal(again)) {
          throw again;
        }
        written = RefusedStatus.withoutMeasurements(written);
        put(run, written);
      }
    }
    metrics.analysisStatus(run.getMetadata(), run.getStatus(), written);
  }

  private void put(AnalysisRun run, AnalysisRunStatus status) {
    AnalysisRun copy = new AnalysisRun();
    copy.setMetadata(run.getMetadata());
    copy.setSpec(run.getSpec());
    copy.setStatus(status);
    client.resource(copy).updateStatus();
  }

  private Optional<String> secretValue(String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
  }
}
