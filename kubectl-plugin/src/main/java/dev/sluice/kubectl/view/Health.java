package dev.sluice.kubectl.view;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;

/** What `status` concludes from a Rollout: done (Healthy, Degraded) or still waiting, with a progress line. */
public record Health(State state, String line) {
  public enum State { WAITING, HEALTHY, DEGRADED }

  public static Health assess(Rollout rollout) {
    RolloutStatus status = rollout.getStatus();
    Long generation = rollout.getMetadata().getGeneration();
    if (status == null || status.observedGeneration == null) {
      return new Health(State.WAITING, "Waiting - the controller has not observed the rollout yet");
    }
    if (!RolloutViews.observed(rollout)) {
      return new Health(State.WAITING, "Waiting - the controller has observed generation " + status.observedGeneration
          + ", the spec is at generation " + generation);
    }
    if (status.phase == null) {
      return new Health(State.WAITING, "Waiting - no phase yet");
    }
    String line = status.phase.name() + detail(rollout, status);
    return switch (status.phase) {
      case Healthy -> new Health(State.HEALTHY, line);
      case Degraded -> new Health(State.DEGRADED, line);
      case Progressing, Paused -> new Health(State.WAITING, line);
    };
  }

  private static String detail(Rollout rollout, RolloutStatus status) {
    StringBuilder out = new StringBuilder();
    RolloutRow row = RolloutRow.of(rollout);
    if (status.phase == RolloutPhase.Paused && status.pauseConditions != null && !status.pauseConditions.isEmpty()) {
      out.append(" (").append(status.pauseConditions.get(0).reason).append(")");
    }
    if (row.step() != null && status.phase != RolloutPhase.Healthy) {
      out.append(" - step ").append(row.step());
      if (row.weight() != null) {
        out.append(", canary weight ").append(row.weight());
      }
    }
    if (status.message != null && !status.message.isBlank()) {
      out.append(" - ").append(status.message);
    }
    return out.toString();
  }
}
