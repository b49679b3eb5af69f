package dev.sluice.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import dev.sluice.api.v1alpha1.WebMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules every provider shares: exactly one per metric, and each checks its own spec. */
class ProvidersTest {
  private final Providers providers = Providers.forChecks();

  private static Metric metric(PrometheusMetric prometheus, WebMetric web) {
    Metric metric = new Metric();
    metric.name = "m";
    metric.provider = new MetricProvider();
    metric.provider.prometheus = prometheus;
    metric.provider.web = web;
    return metric;
  }

  private static PrometheusMetric prometheus() {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = "http://prometheus:9090";
    spec.query = "up";
    return spec;
  }

  private static WebMetric web(String url) {
    WebMetric spec = new WebMetric();
    spec.url = url;
    return spec;
  }

  private List<String> problems(Metric metric, Set<String> args) {
    List<String> problems = new ArrayList<>();
    providers.check(metric, new SpecProblems("metric \"m\": ", args, problems));
    return problems;
  }

  @Test
  void everyStandardProviderIsRegistered() {
    assertThat(providers.names()).containsExactly("prometheus", "web", "job", "cloudWatch", "graphite", "datadog",
        "newRelic", "influxdb", "wavefront");
  }

  @Test
  void aMetricUsesExactlyOneProvider() {
    assertThat(problems(metric(null, null), Set.of()))
        .containsExactly("metric \"m\": provider needs one of prometheus, web, job, cloudWatch, graphite, datadog,"
            + " newRelic, influxdb, wavefront");
    assertThat(problems(metric(prometheus(), web("http://x/")), Set.of()))
        .containsExactly("metric \"m\": provider sets prometheus and web; a metric uses exactly one provider");
    assertThat(problems(metric(prometheus(), null), Set.of())).isEmpty();
    assertThat(problems(metric(null, web("http://x/")), Set.of())).isEmpty();
  }

  @Test
  void aMetricWithTwoProvidersIsNeverMeasured() {
    Metric both = metric(prometheus(), web("http://x/"));
    var source = new ProviderMeasurementSource(providers, TestSources.RUN, List.of(), (n, k) -> Optional.empty(), null);
    assertThat(source.measure(both)).isEqualTo(
        MeasurementOutcome.failure("metric needs exactly one provider of prometheus, web, job, cloudWatch, graphite,"
            + " datadog, newRelic, influxdb, wavefront"));
  }

  @Test
  void webSpecProblemsNameTheField() {
    WebMetric spec = web("ftp://x/{{args.host}}");
    spec.method = "DELETE";
    spec.body = "x";
    spec.timeoutSeconds = 600;
    spec.jsonPath = "{$..x}";
    WebMetric.Header header = new WebMetric.Header();
    header.key = "Authorization";
    spec.headers = List.of(header);
    assertThat(problems(metric(null, spec), Set.of())).containsExactly(
        "metric \"m\": web.url uses {{args.host}}, but no argument \"host\" is declared",
        "metric \"m\": web.url must be an http:// or https:// URL",
        "metric \"m\": web.method must be GET, POST or PUT",
        "metric \"m\": web.timeoutSeconds must be between 1 and 60",
        "metric \"m\": web.jsonPath: recursive descent (..) is not supported",
        "metric \"m\": web.headers[0] needs exactly one of value and valueFrom.secretKeyRef");
    WebMetric get = web("http://x/");
    get.body = "x";
    assertThat(problems(metric(null, get), Set.of()))
        .containsExactly("metric \"m\": web: body and jsonBody need method POST or PUT");
  }

  @Test
  void aUrlThatIsOnlyAnArgumentIsCheckedWhenMeasured() {
    assertThat(problems(metric(null, web("{{args.url}}")), Set.of("url"))).isEmpty();
  }
}
