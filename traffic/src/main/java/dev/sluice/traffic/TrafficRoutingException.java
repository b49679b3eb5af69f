package dev.sluice.traffic;

/**
 * A route cannot be changed as asked. The message is meant for users (conditions and Events); {@link #specField()}
 * names the Rollout field that leads to the problem, when there is one.
 */
public abstract class TrafficRoutingException extends RuntimeException {
  private final String specField;

  protected TrafficRoutingException(String message, String specField, Throwable cause) {
    super(message, cause);
    this.specField = specField;
  }

  /** For example {@code spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute}; null when no field is to blame. */
  public String specField() {
    return specField;
  }
}
