package dev.sluice.analysis;

import java.util.Objects;

/** What a provider got for one measurement: numbers to evaluate the conditions against, or why it got none. */
public sealed interface MeasurementOutcome {

  /** The query answered; conditions decide the measurement's phase. */
  record Value(MetricValue value) implements MeasurementOutcome {
    public Value {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The query could not be answered (provider error, timeout, unreachable server, bad configuration). The
   * measurement is an Error. The message must be safe to store in the status: no credentials.
   */
  record Failure(String message) implements MeasurementOutcome {
    public Failure {
      Objects.requireNonNull(message, "message");
    }
  }

  static MeasurementOutcome value(MetricValue value) {
    return new Value(value);
  }

  static MeasurementOutcome failure(String message) {
    return new Failure(message);
  }
}
