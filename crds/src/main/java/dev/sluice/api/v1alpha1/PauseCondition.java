package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Why the rollout waits. Clearing the list promotes one step. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PauseCondition {
  public Reason reason;
  public String startTime;

  public enum Reason { CanaryPauseStep, BlueGreenPause, InconclusiveAnalysis, PausedBySpec }
}
