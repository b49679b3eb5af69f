package dev.sluice.analysis.provider;

import dev.sluice.api.v1alpha1.MetricProvider;

/**
 * The part of a metric provider that validation needs: where its spec sits in a metric and what of it can be checked
 * up front. Kept apart from {@link Provider} (which measures) and free of HTTP and Kubernetes client classes, so
 * {@code kubectl sluice lint} and admission checks load no client.
 *
 * @param <S> the provider's spec class, e.g. {@code WebMetric}
 */
public interface ProviderChecks<S> {
  /** The field under a metric's {@code provider} that selects this provider, as Argo Rollouts names it. */
  String name();

  /** This provider's spec in {@code provider}, or null when the metric does not use this provider. */
  S spec(MetricProvider provider);

  /** Reports every problem of {@code spec} that can be found without a cluster or a server. */
  void check(S spec, SpecProblems problems);

  /**
   * True when this provider decides each measurement's phase itself ({@code MeasurementOutcome.Decided}, as a Job
   * does), so its metrics need no condition. Default: false, conditions decide.
   */
  default boolean decidesPhase() {
    return false;
  }

  /** What conditions may take a provider's result as; a condition that needs more is refused up front. */
  enum Results {
    /** A number or a list of numbers. */
    NUMBERS,
    /**
     * Numbers, or named fields: rows ({@code MetricValue.Kind.ROWS}, New Relic's {@code result.field}) or a raw
     * answer ({@code MetricValue.Kind.QUERY_RESULT}, CloudWatch's {@code result[0].Values}).
     */
    ROWS,
    /**
     * A JSON value of any kind, as the server answered it ({@code MetricValue.Kind.JSON}, the web provider's
     * {@code result == true}, {@code result.ok}, {@code result == "ok"}).
     */
    JSON
  }

  /** What conditions may take this provider's result as. Default: numbers. */
  default Results results() {
    return Results.NUMBERS;
  }
}
