package dev.sluice.analysis.provider;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.job.JobProvider;
import dev.sluice.analysis.prometheus.PrometheusProvider;
import dev.sluice.analysis.web.WebProvider;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The metric providers Sluice knows, and the one rule they share: a metric names exactly one of them. Thread-safe;
 * create one per process and close it on shutdown (providers keep HTTP clients).
 */
public final class Providers implements AutoCloseable {
  private final List<Provider<?>> all;

  public Providers(List<Provider<?>> providers) {
    this.all = List.copyOf(providers);
  }

  /** Every provider, one line each. */
  public static Providers standard() {
    return new Providers(List.of(
        new PrometheusProvider(),
        new WebProvider(),
        new JobProvider()));
  }

  /**
   * One shared set of the standard providers for checking specs only (validation, plan building), so validators need
   * no lifecycle; it opens no connection until asked to measure, which its users never do.
   */
  public static Providers forChecks() {
    return ChecksHolder.INSTANCE;
  }

  private static final class ChecksHolder {
    static final Providers INSTANCE = standard();
  }

  /** The provider names, as fields of a metric's {@code provider}. */
  public List<String> names() {
    return all.stream().map(Provider::name).toList();
  }

  /** A provider with its spec in one metric. */
  public record Selected<S>(Provider<S> provider, S spec) {
    public void check(SpecProblems problems) {
      provider.check(spec, problems);
    }

    public MeasurementOutcome measure(MeasureContext context) {
      return provider.measure(spec, context);
    }
  }

  /** Every provider whose spec {@code provider} sets; exactly one is valid. */
  public List<Selected<?>> selectAll(MetricProvider provider) {
    List<Selected<?>> out = new ArrayList<>(1);
    if (provider == null) {
      return out;
    }
    for (Provider<?> candidate : all) {
      Selected<?> selected = select(candidate, provider);
      if (selected != null) {
        out.add(selected);
      }
    }
    return out;
  }

  private static <S> Selected<S> select(Provider<S> candidate, MetricProvider provider) {
    S spec = candidate.spec(provider);
    return spec == null ? null : new Selected<>(candidate, spec);
  }

  /** True when the metric's one provider decides its measurements' phase without conditions. */
  public boolean decidesPhase(Metric metric) {
    List<Selected<?>> selected = selectAll(metric.provider);
    return selected.size() == 1 && selected.get(0).provider().decidesPhase();
  }

  /** Reports a metric that names no provider or several, then the chosen provider's own problems. */
  public void check(Metric metric, SpecProblems problems) {
    List<Selected<?>> selected = selectAll(metric.provider);
    if (selected.isEmpty()) {
      problems.add("provider needs one of " + String.join(", ", names()));
    } else if (selected.size() > 1) {
      problems.add("provider sets " + selected.stream().map(s -> s.provider().name()).collect(Collectors.joining(" and "))
          + "; a metric uses exactly one provider");
    } else {
      selected.get(0).check(problems);
    }
  }

  /** One measurement of {@code metric} by its provider; a metric without exactly one provider is a failure. */
  public MeasurementOutcome measure(Metric metric, MeasureContext context) {
    List<Selected<?>> selected = selectAll(metric.provider);
    if (selected.size() != 1) {
      return MeasurementOutcome.failure("metric needs exactly one provider of " + String.join(", ", names()));
    }
    MeasurementOutcome outcome = selected.get(0).measure(context);
    if (outcome instanceof MeasurementOutcome.Failure failure) {
      return MeasurementOutcome.failure(context.redact(failure.message()));
    }
    return outcome;
  }

  /** Tells every provider that {@code run} has ended. */
  public void runEnded(AnalysisRunRef run, KubernetesClient kubernetes) {
    for (Provider<?> provider : all) {
      provider.runEnded(run, kubernetes);
    }
  }

  @Override
  public void close() {
    for (Provider<?> provider : all) {
      if (provider instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // Shutting down: nothing left to do about a provider that fails to release its clients.
        }
      }
    }
  }
}
