package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.operator.bluegreen.BlueGreenPlanner;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.events.EventPublisher;
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
  private final PlanRecorder recorder;
  private final Clock clock;

  BlueGreenReconcile(KubernetesClient client, StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.client = client;
    this.recorder = new PlanRecorder(statusWriter, events, clock);
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
      return recorder.record(rollout, plan);
    } catch (RolloutProblem problem) {
      return recorder.recordProblem(rollout, problem);
    }
  }
}
