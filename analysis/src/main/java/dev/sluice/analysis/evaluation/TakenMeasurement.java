package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.MeasurementOutcome;
import java.time.Instant;
import java.util.Objects;

/** A measurement the reconciler took for a metric the {@link Schedule} named, with when it started and finished. */
public record TakenMeasurement(String metricName, MeasurementOutcome outcome, Instant startedAt, Instant finishedAt) {
  public TakenMeasurement {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("finishedAt is before startedAt");
    }
  }
}
