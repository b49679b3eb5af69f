package dev.sluice.operator.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisEvaluator;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.analysis.evaluation.Decision;
import dev.sluice.analysis.evaluation.Schedule;
import dev.sluice.analysis.evaluation.TakenMeasurement;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.ProviderMeasurementSource;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.operator.cache.ListPages;
import dev.sluice.operator.cache.PrunedStore;
import dev.sluice.operator.metrics.SluiceMetrics;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts an AnalysisRun's measurements when they are due and records each one when it is taken; the next one is
 * scheduled by requeue, never by a sleeping thread. Measurements run on {@link AnalysisMeasurements}' own workers,
 * so a reconcile never waits for a metric provider and the reconcile threads, shared with every Rollout, stay free; a
 * finished measurement triggers the run's next reconcile. A spec that cannot be evaluated (a condition that does not
 * compile) ends the run as Error at once, never as Successful. Its cache of runs is pruned ({@link PrunedStore}): the
 * status is written through the status subresource, which keeps the stored metadata.
 */
@ControllerConfiguration(name = "analysisrun", generationAwareEventProcessing = false,
    informer = @Informer(itemStore = PrunedStore.class, informerListLimit = ListPages.LIMIT))
@RBACRule(apiGroups = "", resources = "secrets", verbs = RBACVerbs.GET)
// The job provider runs a Job per measurement and deletes those still running when the run ends.
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.CREATE,
    RBACVerbs.DELETE})
public class AnalysisRunReconciler implements Reconciler<AnalysisRun> {
  private static final Logger LOG = Logger.getLogger(AnalysisRunReconciler.class);
  /** Looks again while measurements are in flight, in case a completion was missed; completions normally wake it. */
  static final Duration IN_FLIGHT_RECHECK = Duration.ofSeconds(60);
  /**
   * The longest a run that a measurement ends waits for the measurements taken beside it, so they are recorded too;
   * it is what this can add to an abort when a sibling query is slow.
   */
  static final Duration GATHER_GRACE = Duration.ofSeconds(5);
  /** Looks again when the cache has not yet delivered this process's own status write. */
  static final Duration CACHE_BEHIND_RECHECK = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final SluiceMetrics metrics;
  private final AnalysisEvaluator evaluator;
  private final AnalysisSpecValidator validator;
  private final Providers providers = Providers.standard();
  private final Clock clock = Clock.systemUTC();
  private final AnalysisMeasurements measurements;
  private final SimpleInboundEventSource<AnalysisRun> measured = new SimpleInboundEventSource<>("measured");

  @Inject
  public AnalysisRunReconciler(KubernetesClient client, SluiceMetrics metrics, AnalysisMeasurements measurements) {
    this.client = client;
    this.metrics = metrics;
    this.measurements = measurements;
    ConditionCompiler conditions = new ConditionCompiler();
    this.evaluator = new AnalysisEvaluator(conditions, providers);
    this.validator = new AnalysisSpecValidator(conditions, providers);
  }

  @PreDestroy
  void close() {
    providers.close();
  }

  @Override
  public List<EventSource<?, AnalysisRun>> prepareEventSources(EventSourceContext<AnalysisRun> context) {
    return List.of(measured);
  }

  @Override
  public UpdateControl<AnalysisRun> reconcile(AnalysisRun run, Context<AnalysisRun> context) {
    AnalysisRunStatus current = run.getStatus() == null ? new AnalysisRunStatus() : run.getStatus();
    String uid = run.getMetadata().getUid();
    if (current.phase != null && current.phase.completed()) {
      measurements.forgetRun(uid);
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
    if (measurements.behind(uid, run.getMetadata().getResourceVersion())) {
      // Scheduling from the status before our own write would measure again what was just recorded.
      return UpdateControl.<AnalysisRun>noUpdate().rescheduleAfter(CACHE_BEHIND_RECHECK);
    }
    List<TakenMeasurement> taken = measurements.finished(uid);
    Instant now = clock.instant();
    Decision decision = evaluator.apply(run.getSpec(), current, taken, now);
    if (decision.completed() && !Boolean.TRUE.equals(run.getSpec().terminate)) {
      Duration others = measurements.waitForOthers(uid, GATHER_GRACE);
      if (!others.isZero()) {
        // Their completion wakes the run; the requeue is the bound.
        return UpdateControl.<AnalysisRun>noUpdate().rescheduleAfter(others);
      }
    }
    if (decision.changedFrom(run.getStatus())) {
      decision.status().observedGeneration = run.getMetadata().getGeneration();
      String replaced = run.getMetadata().getResourceVersion();
      write(run, decision.status());
      measurements.wrote(uid, replaced);
    }
    measurements.forget(uid, taken);
    if (decision.completed()) {
      measurements.forgetRun(uid);
      // Once, as the run ends: what its measurements left running (Jobs) is stopped.
      providers.runEnded(new AnalysisRunRef(run.getMetadata().getNamespace(), run.getMetadata().getName(), uid), client);
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<AnalysisRun>noUpdate().rescheduleAfter(startDue(run, decision, now));
  }

  /**
   * Starts the measurements the new status says are due (those in flight are not started twice) and returns when to
   * look again: when the next metric is due, sooner while a namespace's queue is full, and a late recheck while
   * measurements are in flight (their completion wakes the run before that).
   */
  private Duration startDue(AnalysisRun run, Decision decision, Instant now) {
    Schedule schedule = evaluator.schedule(run.getSpec(), decision.status(), now);
    String namespace = run.getMetadata().getNamespace();
    var ref = new AnalysisMeasurements.RunRef(namespace, run.getMetadata().getName(), run.getMetadata().getUid());
    var source = new ProviderMeasurementSource(providers, new AnalysisRunRef(namespace, ref.name(), ref.uid()),
        run.getSpec().args, (secret, key) -> secretValue(namespace, secret, key), client, decision.status());
    Runnable wake = () -> measured.propagateEvent(ResourceID.fromResource(run));
    Duration next = schedule.nextDueAt().map(at -> Duration.between(now, at)).filter(d -> !d.isNegative())
        .orElse(schedule.due().isEmpty() ? AnalysisEvaluator.ERROR_RETRY_INTERVAL : IN_FLIGHT_RECHECK);
    for (Metric metric : schedule.due()) {
      Duration wait = switch (measurements.start(ref, metric, source, wake)) {
        case STARTED, IN_FLIGHT -> IN_FLIGHT_RECHECK;
        case REFUSED -> AnalysisEvaluator.ERROR_RETRY_INTERVAL;
        case WAITING -> max(measurements.recheckIn(ref.uid(), metric.name), Duration.ofMillis(200));
      };
      next = wait.compareTo(next) < 0 ? wait : next;
    }
    return next;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
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
