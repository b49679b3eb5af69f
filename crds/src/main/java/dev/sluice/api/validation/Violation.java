package dev.sluice.api.validation;

/**
 * One reason a manifest is invalid: the field path as the API server names it, what is wrong with it, and who refuses
 * it: the API server (schema, CEL rules, metadata) when the manifest is applied, or only the controller afterwards.
 */
public record Violation(String field, String message, Checker checker) {
  /** Who makes the check. */
  public enum Checker {
    /** Refused by the API server when the manifest is applied (kubectl apply fails). */
    API_SERVER,
    /** Accepted by the API server, then refused by the controller (the Rollout becomes InvalidSpec). */
    CONTROLLER
  }

  public Violation(String field, String message) {
    this(field, message, Checker.API_SERVER);
  }

  /** The same violation, as one only the controller finds. */
  public Violation byController() {
    return new Violation(field, message, Checker.CONTROLLER);
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
