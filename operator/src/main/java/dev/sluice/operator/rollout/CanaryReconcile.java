package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.canary.CanaryPlanner;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.StatusWriter;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.TrafficRoutingException;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** One reconcile of a canary Rollout: observe the cluster, let {@link CanaryPlanner} decide, apply, record. */
final class CanaryReconcile {
  private final KubernetesClient client;
  private final PlanRecorder recorder;
  private final Clock clock;

  CanaryReconcile(KubernetesClient client, StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.client = client;
    this.recorder = new PlanRecorder(statusWriter, events, clock);
    this.clock = clock;
  }

  /** @return when to reconcile again, if time (not an event) must trigger it */
  Optional<Duration> run(Rollout rollout, Set<ReplicaSet> ownedReplicaSets, Set<AnalysisRun> ownedRuns, Set<Service> services) {
    String hash = PodTemplateHash.of(rollout.getSpec().template);
    ObservedRollout observed = ObservedRollout.of(rollout, ownedReplicaSets, ownedRuns, services);
    RolloutStatus status = rollout.getStatus();
    String stableHash = status == null || status.stableRS == null ? hash : status.stableRS;
    BiFunction<String, String, TrafficRouter> routers =
        (canaryHash, stable) -> TrafficRouters.forRollout(client, RoutingTarget.of(rollout, canaryHash, stable));
    try {
      Boolean verified = verifiedWeight(rollout, () -> routers.apply(hash, stableHash));
      Plan plan = CanaryPlanner.plan(new Observation(rollout, hash, observed.revisions(), verified, observed.runs(),
          observed.pausedByAnnotation(), clock.instant()));
      new CanaryActions(client, rollout, observed.replicaSets(), observed.services(), routers, hash, stableHash)
          .apply(plan.actions());
      return recorder.record(rollout, plan);
    } catch (RolloutProblem problem) {
      return recorder.recordProblem(rollout, problem);
    }
  }

  /** Whether the router's objects carry the weight recorded in status; null without traffic routing or record. */
  private static Boolean verifiedWeight(Rollout rollout, Supplier<TrafficRouter> router) {
    RolloutStatus status = rollout.getStatus();
    if (rollout.getSpec().strategy.canary.trafficRouting == null || status == null || status.canary == null
        || status.canary.weights == null || status.canary.weights.canary == null || status.canary.weights.canary.weight == null) {
      return null;
    }
    try {
      return router.get().verifyWeight(status.canary.weights.canary.weight).verified();
    } catch (TrafficRoutingException e) {
      throw new RolloutProblem("TrafficRoutingError", e.getMessage() + (e.specField() == null ? "" : " (" + e.specField() + ")"));
    }
  }
}
