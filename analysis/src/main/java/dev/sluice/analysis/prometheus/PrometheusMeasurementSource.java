package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MeasurementSource;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ArgumentResolver;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import java.util.List;

/**
 * Measures the metrics of one analysis run with Prometheus: resolves the run's arguments and each metric's
 * credentials through the reconciler's {@link SecretLookup}, then queries. An argument or Secret that cannot be read
 * makes the measurement an Error (retried like any error, so a Secret created a little late does not fail the run
 * outright). Create one per evaluation step: arguments are resolved once, on first use. Thread-safe, so a reconciler
 * may measure several metrics in parallel. Exceptions thrown by the {@link SecretLookup} (API server unreachable)
 * propagate, so the reconcile is retried as a whole instead of recording an Error.
 */
public final class PrometheusMeasurementSource implements MeasurementSource {
  private final PrometheusProvider provider;
  private final List<Argument> runArgs;
  private final SecretLookup secrets;
  private ResolvedArgs resolved;
  private String argsError;

  public PrometheusMeasurementSource(PrometheusProvider provider, List<Argument> runArgs, SecretLookup secrets) {
    this.provider = provider;
    this.runArgs = runArgs == null ? List.of() : runArgs;
    this.secrets = secrets;
  }

  @Override
  public MeasurementOutcome measure(Metric metric) {
    if (metric.provider == null || metric.provider.prometheus == null) {
      return MeasurementOutcome.failure("metric has no prometheus provider");
    }
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
    PrometheusCredentials credentials;
    try {
      credentials = PrometheusCredentials.resolve(metric.provider.prometheus.authentication, secrets);
    } catch (ArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }
    return provider.query(metric.provider.prometheus, args, credentials);
  }
}
