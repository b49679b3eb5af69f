package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.bluegreen.BlueGreenPlanner;
import dev.sluice.operator.canary.CanaryPlanner;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.WeightCheck;
import dev.sluice.operator.status.StatusWriter;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.TrafficRoutingException;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One reconcile of a Rollout, for either strategy: observe the cluster, let the strategy's planner decide, apply the
 * plan's actions with {@link PlanActions}, record status and Events. A problem the actions meet (a missing Service
 * or route) is recorded instead.
 */
final class StrategyReconcile {
  /** Blue-green switches Services only; a plan that asks it for a traffic-router action is a bug. */
  private static final BiFunction<String, String, TrafficRouter> NO_ROUTER = (canary, stable) -> {
    throw new IllegalStateException("blue-green uses no traffic router");
  };

  private final KubernetesClient client;
  /** How routers read and patch their objects: the informer caches once the controller prepared them. */
  private final Supplier<ResourceAccess> routeAccess;
  private final PlanRecorder recorder;
  private final Clock clock;

  StrategyReconcile(KubernetesClient client, Supplier<ResourceAccess> routeAccess, StatusWriter statusWriter, EventPublisher events,
      Clock clock) {
    this.client = client;
    this.routeAccess = routeAccess;
    this.recorder = new PlanRecorder(statusWriter, events, clock);
    this.clock = clock;
  }

  /** @return when to reconcile again, if time (not an event) must trigger it */
  Optional<Duration> run(Rollout rollout, Set<ReplicaSet> ownedReplicaSets, Set<AnalysisRun> ownedRuns, Set<Service> services,
      Optional<Deployment> workload) {
    String hash = PodTemplateHash.of(rollout.getSpec().template);
    ObservedRollout observed = ObservedRollout.of(rollout, ownedReplicaSets, ownedRuns, services);
    RolloutStatus status = rollout.getStatus();
    String stableHash = status == null || status.stableRS == null ? hash : status.stableRS;
    boolean canary = rollout.getSpec().strategy.canary != null;
    ResourceAccess access = routeAccess.get();
    BiFunction<String, String, TrafficRouter> routers = canary
        ? (canaryHash, stable) -> TrafficRouters.forRollout(access, RoutingTarget.of(rollout, canaryHash, stable))
        : NO_ROUTER;
    try {
      Observation observation = new Observation(rollout, hash, observed.revisions(), weightCheck(rollout, routers, hash, stableHash),
          observed.runs(), observed.pausedByAnnotation(), clock.instant());
      Plan plan = canary ? CanaryPlanner.plan(observation) : BlueGreenPlanner.plan(observation);
      // The plan's routes use the ping-pong roles it leaves: a completed release flips them before its last weight.
      BiFunction<String, String, TrafficRouter> planRouters = canary
          ? (canaryHash, stable) -> TrafficRouters.forRollout(access, RoutingTarget.of(rollout, canaryHash, stable,
              plan.status().canary == null ? null : plan.status().canary.stablePingPong))
          : NO_ROUTER;
      new PlanActions(client, rollout, observed.replicaSets(), observed.services(), planRouters, hash, stableHash, workload)
          .apply(plan.actions());
      return recorder.record(rollout, plan);
    } catch (RolloutProblem problem) {
      return recorder.recordProblem(rollout, problem);
    }
  }

  /** Whether the router's objects carry the canary weight recorded in status; not checked without one of them. */
  private static WeightCheck weightCheck(Rollout rollout, BiFunction<String, String, TrafficRouter> routers, String hash,
      String stableHash) {
    RolloutStatus status = rollout.getStatus();
    var canary = rollout.getSpec().strategy.canary;
    if (canary == null || canary.trafficRouting == null || status == null || status.canary == null
        || status.canary.weights == null || status.canary.weights.canary == null || status.canary.weights.canary.weight == null) {
      return WeightCheck.NOT_CHECKED;
    }
    try {
      return WeightCheck.of(routers.apply(hash, stableHash).verifyWeight(status.canary.weights.canary.weight).verified());
    } catch (TrafficRoutingException e) {
      throw new RolloutProblem("TrafficRoutingError", e.getMessage() + (e.specField() == null ? "" : " (" + e.specField() + ")"));
    }
  }
}
