package dev.sluice.operator.rollout;

import dev.sluice.api.status.StatusText;

/**
 * A problem with what a Rollout refers to (a missing template, route or Service) that a person must fix: it becomes
 * a condition and a Warning Event, and the rollout waits instead of failing the reconcile. The message often carries
 * outside text (an API server's answer), so it is bounded here, once for the status and the Event.
 */
public class RolloutProblem extends RuntimeException {
  private final String reason;

  public RolloutProblem(String reason, String message) {
    super(StatusText.message(message));
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
