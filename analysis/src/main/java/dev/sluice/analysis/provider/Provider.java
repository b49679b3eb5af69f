package dev.sluice.analysis.provider;

import dev.sluice.analysis.MeasurementOutcome;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One kind of metric provider (Prometheus, Web, Job) as it measures: its {@link ProviderChecks} say where its spec
 * sits and what is checked up front. Everything else (conditions, limits, phases, scheduling, bounded status text,
 * redaction of secrets from messages) is shared and lives outside the provider.
 *
 * <p>A new provider is its own package (checks and provider), its spec class as a field of {@code MetricProvider},
 * and one line in {@link Providers}.
 *
 * @param <S> the provider's spec class, e.g. {@code WebMetric}
 */
public interface Provider<S> {
  ProviderChecks<S> checks();

  /**
   * Takes one measurement. Blocks for at most the spec's timeout (never more than {@link Timeouts#MAX}) and reports
   * every problem as a {@link MeasurementOutcome.Failure} instead of throwing. Secrets read through {@code context}
   * and secret arguments are removed from failure messages by the caller; a provider must still never log them.
   * An exception from here aborts the evaluation step and is retried as a whole (meant for an API server that is
   * down).
   */
  MeasurementOutcome measure(S spec, MeasureContext context);

  /**
   * The run has ended (completed or terminated): release what its measurements still hold, such as a Job still
   * running. Called once per ended run, on a reconcile thread; must not block for long. Default: nothing.
   */
  default void runEnded(AnalysisRunRef run, KubernetesClient kubernetes) {
  }
}
