package dev.sluice.analysis.condition;

/** A condition does not compile; the message says why and where, on one line, fit for a status condition. */
public final class InvalidConditionException extends Exception {
  public InvalidConditionException(String message) {
    super(message);
  }
}
