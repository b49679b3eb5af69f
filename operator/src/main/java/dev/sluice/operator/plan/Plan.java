package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the planner decided: the actions to apply, in order, then the status to write, Events, and when to look again. */
public record Plan(List<Action> actions, RolloutStatus status, List<Event> events, Optional<Duration> requeueAfter) {
  public record Event(boolean warning, String reason, String message) {
  }
}
