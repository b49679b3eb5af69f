package dev.sluice.api.validation;

/** One reason a manifest is invalid: the field path as the API server names it, and what is wrong with it. */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
