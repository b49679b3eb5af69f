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

  /**
   * The provider decided the measurement itself, without conditions (a Job that succeeded or failed): Successful when
   * {@code passed}, else Failed. {@code value} is what the status shows as the value (may be null); {@code message}
   * says why, safe for the status like a failure's.
   */
  record Decided(boolean passed, String value, String message) implements MeasurementOutcome {
  }

  /**
   * Not decided yet (a Job still running): nothing is recorded, and the same measurement is asked for again after
   * {@code recheckAfter}. The provider must find its work again by what it is (run, metric, measurement number),
   * since a restarted operator asks again from scratch.
   */
  record Pending(java.time.Duration recheckAfter) implements MeasurementOutcome {
    public Pending {
      Objects.requireNonNull(recheckAfter, "recheckAfter");
    }
  }

  static MeasurementOutcome value(MetricValue value) {
    return new Value(value);
  }

  static MeasurementOutcome failure(String message) {
    return new Failure(message);
  }
}
