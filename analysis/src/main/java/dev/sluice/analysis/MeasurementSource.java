package dev.sluice.analysis;

import dev.sluice.api.v1alpha1.Metric;

/**
 * Takes one measurement of a metric. Implementations block for at most the metric's query timeout and report every
 * problem as a {@link MeasurementOutcome.Failure} rather than throwing; an exception thrown from here aborts the
 * evaluation step (meant for problems the reconciler should retry as a whole, such as the API server being down).
 */
@FunctionalInterface
public interface MeasurementSource {
  MeasurementOutcome measure(Metric metric);
}
