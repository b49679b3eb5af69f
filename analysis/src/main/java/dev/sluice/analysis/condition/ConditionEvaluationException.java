package dev.sluice.analysis.condition;

/** A compiled condition could not produce a boolean for a result; the measurement is an Error. */
public final class ConditionEvaluationException extends Exception {
  /** The message for a condition that cannot be evaluated because the query returned nothing. */
  public static final String NO_DATA = "query returned no data";

  private final boolean noData;

  ConditionEvaluationException(String message, boolean noData) {
    super(message);
    this.noData = noData;
  }

  static ConditionEvaluationException noData() {
    return new ConditionEvaluationException(NO_DATA, true);
  }

  /** True when the failure is that the query returned no data (the message is then {@link #NO_DATA}). */
  public boolean isNoData() {
    return noData;
  }
}
