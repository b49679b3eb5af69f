package dev.sluice.analysis.provider;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.api.v1alpha1.MetricProvider;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One kind of metric provider (Prometheus, Web, Job): where its spec sits in a metric, what of the spec can be checked
 * up front, and how one measurement is taken. Everything else (conditions, limits, phases, scheduling, bounded status
 * text, redaction of secrets from messages) is shared and lives outside the provider.
 *
 * <p>A new provider is its own package, its spec class as a field of {@link MetricProvider}, and one line in
 * {@link Providers#standard()}.
 *
 * @param <S> the provider's spec class, e.g. {@code WebMetric}
 */
public interface Provider<S> {
  /** The field under a metric's {@code provider} that selects this provider, as Argo Rollouts names it. */
  String name();

  /** This provider's spec in {@code provider}, or null when the metric does not use this provider. */
  S spec(MetricProvider provider);

  /** Reports every problem of {@code spec} that can be found without a cluster or a server. */
  void check(S spec, SpecProblems problems);

  /**
   * Takes one measurement. Blocks for at most the spec's timeout (never more than {@link Timeouts#MAX}) and reports
   * every problem as a {@link MeasurementOutcome.Failure} instead of throwing. Secrets read through {@code context}
   * and secret arguments are removed from failure messages by the caller; a provider must still never log them.
   * An exception from here aborts the evaluation step and is retried as a whole (meant for an API server that is
   * down).
   */
  MeasurementOutcome measure(S spec, MeasureContext context);

  /**
   * True when this provider decides each measurement's phase itself ({@link MeasurementOutcome.Decided}, as a Job
   * does), so its metrics need no condition. Default: false, conditions decide.
   */
  default boolean decidesPhase() {
    return false;
  }

  /**
   * The run has ended (completed or terminated): release what its measurements still hold, such as a Job still
   * running. Called once per ended run, on a reconcile thread; must not block for long. Default: nothing.
   */
  default void runEnded(AnalysisRunRef run, KubernetesClient kubernetes) {
  }
}
