package dev.sluice.analysis.provider;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.cloudwatch.CloudWatchChecks;
import dev.sluice.analysis.cloudwatch.CloudWatchProvider;
import dev.sluice.analysis.datadog.DatadogChecks;
import dev.sluice.analysis.datadog.DatadogProvider;
import dev.sluice.analysis.graphite.GraphiteChecks;
import dev.sluice.analysis.graphite.GraphiteProvider;
import dev.sluice.analysis.influxdb.InfluxdbChecks;
import dev.sluice.analysis.influxdb.InfluxdbProvider;
import dev.sluice.analysis.job.JobChecks;
import dev.sluice.analysis.job.JobProvider;
import dev.sluice.analysis.newrelic.NewRelicChecks;
import dev.sluice.analysis.newrelic.NewRelicProvider;
import dev.sluice.analysis.prometheus.PrometheusChecks;
import dev.sluice.analysis.prometheus.PrometheusProvider;
import dev.sluice.analysis.wavefront.WavefrontChecks;
import dev.sluice.analysis.wavefront.WavefrontProvider;
import dev.sluice.analysis.web.WebChecks;
import dev.sluice.analysis.web.WebProvider;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The metric providers Sluice knows, and the one rule they share: a metric names exactly one of them. Thread-safe;
 * {@link #standard()} makes one per process (close it on shutdown: providers keep HTTP clients), {@link #forChecks()}
 * serves validation and loads no client.
 */
public final class Providers implements AutoCloseable {
  /** Every provider: its checks, and how to make it (only when measuring). One line each. */
  private static final List<Registration<?>> REGISTERED = List.of(
      new Registration<>(new PrometheusChecks(), () -> new PrometheusProvider()),
      new Registration<>(new WebChecks(), () -> new WebProvider()),
      new Registration<>(new JobChecks(), () -> new JobProvider()),
      new Registration<>(new CloudWatchChecks(), () -> new CloudWatchProvider()),
      new Registration<>(new GraphiteChecks(), () -> new GraphiteProvider()),
      new Registration<>(new DatadogChecks(), () -> new DatadogProvider()),
      new Registration<>(new NewRelicChecks(), () -> new NewRelicProvider()),
      new Registration<>(new InfluxdbChecks(), () -> new InfluxdbProvider()),
      new Registration<>(new WavefrontChecks(), () -> new WavefrontProvider()));

  private record Registration<S>(ProviderChecks<S> checks, Supplier<Provider<S>> create) {
  }

  private final List<ProviderChecks<?>> checks;
  private final Map<String, Provider<?>> measuring;

  /** Providers that measure; their checks are theirs. */
  public Providers(List<Provider<?>> providers) {
    this.checks = providers.stream().<ProviderChecks<?>>map(Provider::checks).toList();
    this.measuring = new LinkedHashMap<>();
    providers.forEach(p -> measuring.put(p.checks().name(), p));
  }

  private Providers(List<ProviderChecks<?>> checks, boolean checksOnly) {
    this.checks = List.copyOf(checks);
    this.measuring = Map.of();
  }

  /** Every registered provider, ready to measure. */
  public static Providers standard() {
    return new Providers(REGISTERED.stream().<Provider<?>>map(r -> r.create().get()).toList());
  }

  /**
   * The registered providers' checks only, shared, for validation (templates, runs, {@code kubectl sluice lint}):
   * nothing is created that holds a connection or needs an HTTP client on the class path. It cannot measure.
   */
  public static Providers forChecks() {
    return ChecksHolder.INSTANCE;
  }

  private static final class ChecksHolder {
    static final Providers INSTANCE = new Providers(
        REGISTERED.stream().<ProviderChecks<?>>map(Registration::checks).toList(), true);
  }

  /** The provider names, as fields of a metric's {@code provider}. */
  public List<String> names() {
    return checks.stream().map(ProviderChecks::name).toList();
  }

  /** A provider with its spec in one metric. */
  public record Selected<S>(ProviderChecks<S> checks, S spec) {
    public void check(SpecProblems problems) {
      checks.check(spec, problems);
    }
  }

  /** Every provider whose spec {@code provider} sets; exactly one is valid. */
  public List<Selected<?>> selectAll(MetricProvider provider) {
    List<Selected<?>> out = new ArrayList<>(1);
    if (provider == null) {
      return out;
    }
    for (ProviderChecks<?> candidate : checks) {
      Selected<?> selected = select(candidate, provider);
      if (selected != null) {
        out.add(selected);
      }
    }
    return out;
  }

  private static <S> Selected<S> select(ProviderChecks<S> candidate, MetricProvider provider) {
    S spec = candidate.spec(provider);
    return spec == null ? null : new Selected<>(candidate, spec);
  }

  /** True when the metric's one provider decides its measurements' phase without conditions. */
  public boolean decidesPhase(Metric metric) {
    List<Selected<?>> selected = selectAll(metric.provider);
    return selected.size() == 1 && selected.get(0).checks().decidesPhase();
  }

  /** What conditions may take the metric's one provider's result as; numbers when it names none or several. */
  public ProviderChecks.Results results(Metric metric) {
    List<Selected<?>> selected = selectAll(metric.provider);
    return selected.size() == 1 ? selected.get(0).checks().results() : ProviderChecks.Results.NUMBERS;
  }

  /** Reports a metric that names no provider or several, then the chosen provider's own problems. */
  public void check(Metric metric, SpecProblems problems) {
    List<Selected<?>> selected = selectAll(metric.provider);
    if (selected.isEmpty()) {
      problems.add("provider needs one of " + String.join(", ", names()));
    } else if (selected.size() > 1) {
      problems.add("provider sets " + selected.stream().map(s -> s.checks().name()).collect(Collectors.joining(" and "))
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
    MeasurementOutcome outcome = measure(selected.get(0), context);
    if (outcome instanceof MeasurementOutcome.Failure failure) {
      return MeasurementOutcome.failure(context.redact(failure.message()));
    }
    return outcome;
  }

  @SuppressWarnings("unchecked")
  private <S> MeasurementOutcome measure(Selected<S> selected, MeasureContext context) {
    Provider<S> provider = (Provider<S>) measuring.get(selected.checks().name());
    if (provider == null) {
      throw new IllegalStateException("these providers only check specs; " + selected.checks().name()
          + " cannot measure here");
    }
    return provider.measure(selected.spec(), context);
  }

  /** Tells every provider that {@code run} has ended. */
  public void runEnded(AnalysisRunRef run, KubernetesClient kubernetes) {
    for (Provider<?> provider : measuring.values()) {
      provider.runEnded(run, kubernetes);
    }
  }

  @Override
  public void close() {
    for (Provider<?> provider : measuring.values()) {
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
