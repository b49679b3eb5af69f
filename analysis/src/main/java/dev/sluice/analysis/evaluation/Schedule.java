package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to measure now: the metrics that are due, and when the next of the others will be ({@code nextDueAt}, empty when
 * none is waiting).
 */
public record Schedule(List<Metric> due, Optional<Instant> nextDueAt) {
  public Schedule {
    due = List.copyOf(due);
  }

  static Schedule nothing() {
    return new Schedule(List.of(), Optional.empty());
  }
}
