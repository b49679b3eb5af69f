package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.bluegreen.BlueGreenPlanner;
import dev.sluice.operator.canary.Observation;
import dev.sluice.operator.canary.Plan;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import dev.sluice.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One reconcile of a blue-green Rollout: observe, let {@link BlueGreenPlanner} decide, apply through the canary's
 * {@link CanaryActions} (ReplicaSets, Services, AnalysisRuns), record status and Events.
 */
final class BlueGreenReconcile {
  /** Blue-green switches Services only; no plan holds a traffic-router action. */
  private static final BiFunction<String, String, TrafficRouter> NO_ROUTER = (canary, stable) -> {
    throw new IllegalStateException("blue-green uses no traffic router");
  };

  private final KubernetesClient client;
  private final StatusWriter statusWriter;
  private final EventPublisher events;
  private final Clock clock;

  BlueGreenReconcile(KubernetesClient client, StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /** @return when to reconcile again, if time (not an event) must trigger it */
  Optional<Duration> run(Rollout rollout, Set<ReplicaSet> ownedReplicaSets, Set<AnalysisRun> ownedRuns, Set<Service> services) {
    String hash = PodTemplateHash.of(rollout.getSpec().template);
    ObservedRollout observed = ObservedRollout.of(rollout, ownedReplicaSets, ownedRuns, services);
    try {
      Plan plan = BlueGreenPlanner.plan(new Observation(rollout, hash, observed.revisions(), null, observed.runs(),
          observed.pausedByAnnotation(), clock.instant()));
      new CanaryActions(client, rollout, observed.replicaSets(), observed.services(), NO_ROUTER, hash, hash)
          .apply(plan.actions());
      plan.status().selector = ObservedRollout.selectorString(rollout);
      statusWriter.write(rollout, plan.status());
      plan.events().forEach(e -> {
        if (e.warning()) {
          events.warning(rollout, e.reason(), e.message());
        } else {
          events.normal(rollout, e.reason(), e.message());
        }
      });
      return plan.requeueAfter();
    } catch (RolloutProblem problem) {
      recordProblem(rollout, problem);
      return Optional.of(CanaryReconcile.PROBLEM_RETRY);
    }
  }

  /** The rollout waits: its status names the problem (Stalled, Ready=False) and a Warning Event says it once. */
  private void recordProblem(Rollout rollout, RolloutProblem problem) {
    RolloutStatus status = StatusWriter.copyOf(rollout.getStatus());
    Long generation = rollout.getMetadata().getGeneration();
    var now = clock.instant();
    String message = problem.reason() + ": " + problem.getMessage();
    boolean isNew = !message.equals(status.message);
    status.observedGeneration = generation;
    status.phase = RolloutPhase.Degraded;
    status.message = message;
    Conditions.set(status.conditions, Conditions.READY, false, problem.reason(), problem.getMessage(), generation, now);
    Conditions.set(status.conditions, Conditions.STALLED, true, problem.reason(), problem.getMessage(), generation, now);
    Conditions.set(status.conditions, Conditions.RECONCILING, false, problem.reason(), problem.getMessage(), generation, now);
    statusWriter.write(rollout, status);
    if (isNew) {
      events.warning(rollout, problem.reason(), problem.getMessage());
    }
  }
}
