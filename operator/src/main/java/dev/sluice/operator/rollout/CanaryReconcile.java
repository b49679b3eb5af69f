package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.canary.CanaryPlanner;
import dev.sluice.operator.canary.Observation;
import dev.sluice.operator.canary.Plan;
import dev.sluice.operator.canary.Revision;
import dev.sluice.operator.canary.RunState;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One reconcile of a canary Rollout: observe the cluster, let {@link CanaryPlanner} decide, apply, record. */
final class CanaryReconcile {
  static final Duration PROBLEM_RETRY = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final StatusWriter statusWriter;
  private final EventPublisher events;
  private final Clock clock;

  CanaryReconcile(KubernetesClient client, StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.client = client;
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /** @return when to reconcile again, if time (not an event) must trigger it */
  Optional<Duration> run(Rollout rollout, Set<ReplicaSet> ownedReplicaSets, Set<AnalysisRun> ownedRuns, Set<Service> services) {
    String hash = PodTemplateHash.of(rollout.getSpec().template);
    Map<String, ReplicaSet> replicaSets = new HashMap<>();
    Map<String, Revision> revisions = new HashMap<>();
    for (ReplicaSet replicaSet : ownedReplicaSets) {
      Revision revision = RevisionReplicaSets.view(replicaSet);
      if (revision != null) {
        replicaSets.put(revision.hash(), replicaSet);
        revisions.put(revision.hash(), revision);
      }
    }
    Map<String, RunState> runs = ownedRuns.stream().collect(Collectors.toMap(r -> r.getMetadata().getName(),
        r -> new RunState(r.getMetadata().getName(), r.getStatus() == null ? null : r.getStatus().phase,
            RunSummary.of(r))));
    Map<String, Service> servicesByName = services.stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));

    RolloutStatus observed = rollout.getStatus();
    String stableHash = observed == null || observed.stableRS == null ? hash : observed.stableRS;
    java.util.function.BiFunction<String, String, TrafficRouter> routers =
        (canaryHash, stable) -> TrafficRouters.forRollout(client, RoutingTarget.of(rollout, canaryHash, stable));
    try {
      Boolean verified = verifiedWeight(rollout, () -> routers.apply(hash, stableHash));
      boolean paused = rollout.getMetadata().getAnnotations() != null
          && "true".equals(rollout.getMetadata().getAnnotations().get(RolloutLabels.PAUSED));
      Plan plan = CanaryPlanner.plan(new Observation(rollout, hash, revisions, verified, runs, paused, clock.instant()));
      new CanaryActions(client, rollout, replicaSets, servicesByName, routers, hash, stableHash).apply(plan.actions());
      plan.status().selector = selectorString(rollout);
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
      return Optional.of(PROBLEM_RETRY);
    }
  }

  /** Whether the router's objects carry the weight recorded in status; null without traffic routing or record. */
  private static Boolean verifiedWeight(Rollout rollout, java.util.function.Supplier<TrafficRouter> router) {
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

  private static String selectorString(Rollout rollout) {
    var labels = rollout.getSpec().selector.getMatchLabels();
    return labels == null ? null : labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
