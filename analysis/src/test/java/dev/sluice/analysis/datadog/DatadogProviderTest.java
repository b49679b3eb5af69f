package dev.sluice.analysis.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.testing.DatadogApiServer;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.DatadogMetric;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The datadog provider against a local server speaking Datadog's documented v1 and v2 query API: the request shapes,
 * the answer shapes (value, no data, grouped, errors, rate limit, slow, huge, not JSON), and keys kept out of messages.
 */
class DatadogProviderTest {
  private static final String API_KEY = "dd-api-4b1e77";
  private static final String APP_KEY = "dd-app-90c2aa";
  private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");
  private final Map<String, String> secretData = new HashMap<>();
  private final SecretLookup secrets = (name, key) -> Optional.ofNullable(secretData.get(name + "/" + key));
  private final DatadogProvider provider = new DatadogProvider(Clock.fixed(NOW, ZoneOffset.UTC), Map.of());
  private DatadogApiServer server;

  @BeforeEach
  void start() throws Exception {
    server = new DatadogApiServer(API_KEY, APP_KEY);
    secretData.put("dd/address", server.address());
    secretData.put("dd/api-key", API_KEY);
    secretData.put("dd/app-key", APP_KEY);
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private static Metric metric(DatadogMetric spec) {
    Metric metric = new Metric();
    metric.name = "error-rate";
    metric.successCondition = "result <= 0.01";
    metric.provider = new MetricProvider();
    metric.provider.datadog = spec;
    return metric;
  }

  private static DatadogMetric spec(String apiVersion, String query) {
    DatadogMetric spec = new DatadogMetric();
    spec.apiVersion = apiVersion;
    spec.query = query;
    spec.secretRef = new DatadogMetric.SecretRef();
    spec.secretRef.name = "dd";
    spec.secretRef.namespaced = true;
    return spec;
  }

  private MeasurementOutcome measure(DatadogMetric spec) {
    Argument service = new Argument();
    service.name = "service";
    service.value = "checkout";
    return TestSources.of(provider, List.of(service), secrets).measure(metric(spec));
  }

  private static MetricValue value(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void v1TakesTheLastPointOfTheFirstSeries() {
    server.put("sum:requests.error.rate{service:checkout}", 0.004);
    MetricValue value = value(measure(spec(null, "sum:requests.error.rate{service:{{args.service}}}")));
    assertThat(value.values()).containsExactly(0.004);
    assertThat(value.display()).isEqualTo("0.004");
  }

  @Test
  void v2QueryIsOneScalar() {
    server.put("sum:requests.error.rate{service:checkout}", 0.02);
    MetricValue value = value(measure(spec("v2", "sum:requests.error.rate{service:{{args.service}}}")));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SCALAR);
    assertThat(value.values()).containsExactly(0.02);
    JsonNode sent = server.scalarRequests().get(0).path("data").path("attributes");
    assertThat(sent.path("to").asLong()).isEqualTo(NOW.toEpochMilli());
    assertThat(sent.path("from").asLong()).isEqualTo(NOW.minusSeconds(300).toEpochMilli());
    assertThat(sent.path("queries").get(0).path("aggregator").asText()).isEqualTo("last");
    assertThat(sent.path("queries").get(0).path("name").asText()).isEqualTo("query");
  }

  @Test
  void v2FormulaCombinesQueries() {
    server.put("sum:requests.errors{service:checkout}.as_count()", 3.0);
    server.put("sum:requests{service:checkout}.as_count()", 600.0);
    DatadogMetric spec = spec("v2", null);
    spec.queries = new LinkedHashMap<>(Map.of(
        "a", "sum:requests.errors{service:{{args.service}}}.as_count()",
        "b", "sum:requests{service:{{args.service}}}.as_count()"));
    spec.formula = "a / b";
    spec.aggregator = "sum";
    spec.interval = "10m";
    assertThat(value(measure(spec)).values()).containsExactly(0.005);
    JsonNode sent = server.scalarRequests().get(0).path("data").path("attributes");
    assertThat(sent.path("formulas").get(0).path("formula").asText()).isEqualTo("a / b");
    assertThat(sent.path("queries").get(1).path("aggregator").asText()).isEqualTo("sum");
    assertThat(sent.path("to").asLong() - sent.path("from").asLong()).isEqualTo(600_000);
  }

  @Test
  void aGroupedQueryIsAListEvenForOneGroup() {
    server.putGroups("sum:errors{*} by {service}", Map.of("checkout", 0.5));
    MetricValue value = value(measure(spec("v2", "sum:errors{*} by {service}")));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.VECTOR);
    assertThat(value.values()).containsExactly(0.5);
  }

  @Test
  void noDataIsAnEmptyResult() {
    assertThat(value(measure(spec(null, "sum:nothing{*}"))).isEmpty()).isTrue();
    assertThat(value(measure(spec("v2", "sum:nothing{*}"))).isEmpty()).isTrue();
  }

  @Test
  void wrongKeysAreAnErrorThatNeverShowsThem() {
    secretData.put("dd/api-key", "dd-api-wrong-31d0");
    String message = failure(measure(spec("v2", "sum:x{*}")));
    assertThat(message).isEqualTo("datadog refused the api-key or app-key (HTTP 403: Forbidden)");
  }

  @Test
  void aBadQueryQuotesDatadogsErrors() {
    DatadogMetric spec = spec("v2", null);
    spec.queries = Map.of("a", "sum:x{*}");
    spec.formula = "a / c";
    assertThat(failure(measure(spec))).isEqualTo("datadog answered HTTP 400: Formula refers to an unknown query: c");
  }

  @Test
  void rateLimitingSaysWhichLimitToRaise() {
    server.mode(DatadogApiServer.Mode.RATE_LIMITED);
    assertThat(failure(measure(spec("v2", "sum:x{*}")))).isEqualTo("datadog rate limited the query (HTTP 429:"
        + " Too many requests); ask Datadog to raise the rate limit query_scalar_public, or measure less often");
    assertThat(failure(measure(spec(null, "sum:x{*}")))).contains("rate limit of /api/v1/query");
  }

  @Test
  void aSlowAnswerTimesOutAtRequestTimeout() {
    server.mode(DatadogApiServer.Mode.SLOW);
    DatadogMetric spec = spec("v2", "sum:x{*}");
    spec.requestTimeout = "1s";
    long start = System.nanoTime();
    assertThat(failure(measure(spec))).endsWith("did not answer within 1s (requestTimeout)");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
  }

  @Test
  void aHugeAnswerIsRefusedUnread() {
    server.mode(DatadogApiServer.Mode.HUGE);
    assertThat(failure(measure(spec(null, "sum:x{*}")))).contains("exceeds 4 MiB");
  }

  @Test
  void anAnswerThatIsNotJsonIsAnError() {
    server.mode(DatadogApiServer.Mode.NOT_JSON);
    assertThat(failure(measure(spec("v2", "sum:x{*}"))))
        .isEqualTo("datadog answered something other than JSON: <html>502 Bad Gateway</html>");
  }

  @Test
  void aMissingSecretNamesItNotItsValues() {
    DatadogMetric spec = spec("v2", "sum:x{*}");
    spec.secretRef.name = "absent";
    assertThat(failure(measure(spec)))
        .isEqualTo("datadog: Secret \"absent\" in the run's namespace is missing or has no api-key and app-key");
  }
}
