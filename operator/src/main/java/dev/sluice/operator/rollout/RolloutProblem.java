package dev.sluice.operator.rollout;

/**
 * A problem with what a Rollout refers to (a missing template, route or Service) that a person must fix: it becomes
 * a condition and a Warning Event, and the rollout waits instead of failing the reconcile.
 */
public class RolloutProblem extends RuntimeException {
  private final String reason;

  public RolloutProblem(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
