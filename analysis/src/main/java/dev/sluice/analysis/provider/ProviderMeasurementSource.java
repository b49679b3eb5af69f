package dev.sluice.analysis.provider;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MeasurementSource;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ArgumentResolver;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the metrics of one analysis run with their providers: resolves the run's arguments through the
 * reconciler's {@link SecretLookup} once, on first use, then hands each metric to its provider. An argument or Secret
 * that cannot be read makes the measurement an Error (retried like any error, so a Secret created a little late does
 * not fail the run outright). Create one per evaluation step. Thread-safe, so metrics may be measured in parallel.
 * Exceptions thrown by the {@link SecretLookup} (API server unreachable) propagate, so the reconcile is retried as a
 * whole instead of recording an Error.
 */
public final class ProviderMeasurementSource implements MeasurementSource {
  private final Providers providers;
  private final AnalysisRunRef run;
  private final List<Argument> runArgs;
  private final SecretLookup secrets;
  private final KubernetesClient kubernetes;
  private final Map<String, Integer> recorded;
  private ResolvedArgs resolved;
  private String argsError;

  public ProviderMeasurementSource(Providers providers, AnalysisRunRef run, List<Argument> runArgs,
      SecretLookup secrets, KubernetesClient kubernetes) {
    this(providers, run, runArgs, secrets, kubernetes, null);
  }

  /** {@code status} is the run's status the measurements are scheduled from: it numbers each metric's measurements. */
  public ProviderMeasurementSource(Providers providers, AnalysisRunRef run, List<Argument> runArgs,
      SecretLookup secrets, KubernetesClient kubernetes, AnalysisRunStatus status) {
    this.recorded = new HashMap<>();
    if (status != null && status.metricResults != null) {
      for (MetricResult result : status.metricResults) {
        if (result.name != null) {
          recorded.put(result.name, result.count == null ? 0 : result.count);
        }
      }
    }
    this.providers = providers;
    this.run = run;
    this.runArgs = runArgs == null ? List.of() : runArgs;
    this.secrets = secrets;
    this.kubernetes = kubernetes;
  }

  @Override
  public MeasurementOutcome measure(Metric metric) {
    ResolvedArgs args;
    synchronized (this) {
      if (resolved == null && argsError == null) {
        try {
          resolved = ArgumentResolver.resolve(runArgs, secrets);
        } catch (ArgumentException e) {
          argsError = e.getMessage();
        }
      }
      if (argsError != null) {
        return MeasurementOutcome.failure(argsError);
      }
      args = resolved;
    }
    return providers.measure(metric, new MeasureContext(run, args, secrets, kubernetes, metric.name,
        recorded.getOrDefault(metric.name, 0)));
  }
}
