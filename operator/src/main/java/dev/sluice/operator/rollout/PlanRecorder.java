package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Records what a strategy's plan decided (status, then Events), or the problem that kept it from deciding. */
final class PlanRecorder {
  static final Duration PROBLEM_RETRY = Duration.ofSeconds(15);

  private final StatusWriter statusWriter;
  private final EventPublisher events;
  private final Clock clock;

  PlanRecorder(StatusWriter statusWriter, EventPublisher events, Clock clock) {
    this.statusWriter = statusWriter;
    this.events = events;
    this.clock = clock;
  }

  /** @return when to reconcile again, as the plan asks */
  Optional<Duration> record(Rollout rollout, Plan plan) {
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
  }

  /** The rollout waits: its status names the problem (Stalled, Ready=False) and a Warning Event says it once. */
  Optional<Duration> recordProblem(Rollout rollout, RolloutProblem problem) {
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
    return Optional.of(PROBLEM_RETRY);
  }
}
