package dev.sluice.analysis.wavefront;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.testing.WavefrontApiServer;
import dev.sluice.analysis.testing.WavefrontApiServer.Reply;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.WavefrontMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wavefront provider against a local server speaking Wavefront's chart API: Argo's request, the answer shapes
 * (one series, several, none, NaN, a failed query, errors, rate limiting, oversized) and the token kept out of
 * messages.
 */
class WavefrontProviderTest {
  private static final String TOKEN = "wf-tok-1a2b3c4d";
  private static final Instant NOW = Instant.parse("2026-12-06T02:00:00Z");
  private WavefrontApiServer server;
  private WavefrontProvider provider;
  private final Map<String, String> secrets = new HashMap<>();
  private final SecretLookup lookup = (name, key) -> Optional.ofNullable(secrets.get(name + "/" + key));

  @BeforeEach
  void start() throws Exception {
    server = new WavefrontApiServer(TOKEN);
    provider = new WavefrontProvider(Clock.systemUTC(), Duration.ofSeconds(2));
    secrets.put("wavefront-api-tokens/127.0.0.1", TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private Metric metric(String query) {
    Metric metric = new Metric();
    metric.name = "success-rate";
    metric.successCondition = "result >= 0.95";
    metric.provider = new MetricProvider();
    metric.provider.wavefront = new WavefrontMetric();
    metric.provider.wavefront.address = server.url();
    metric.provider.wavefront.query = query;
    return metric;
  }

  private MeasurementOutcome measure(String query) {
    return measure(metric(query), List.of());
  }

  private MeasurementOutcome measure(Metric metric, List<Argument> args) {
    return TestSources.of(provider, args, lookup).measure(metric);
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
  void asksAsArgoDoesAndOneSeriesIsANumber() {
    server.answer(q -> Reply.ok(WavefrontApiServer.series(0.97)));

    long before = System.currentTimeMillis();
    MetricValue value = value(measure("sum(rate(5m, ts(\"istio.requestcount.count\")))"));

    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SCALAR);
    assertThat(value.values()).containsExactly(0.97);
    assertThat(server.requests()).singleElement().satisfies(params -> assertThat(params).containsEntry("q",
        "sum(rate(5m, ts(\"istio.requestcount.count\")))").containsEntry("e", params.get("s"))
        .containsEntry("g", "s").containsEntry("p", "1").containsEntry("i", "true")
        .hasEntrySatisfying("s", s -> assertThat(Long.parseLong(s)).isBetween(before, before + 5_000)));
  }

  @Test
  void thePointClosestToTheMeasurementIsTaken() {
    long at = NOW.getEpochSecond();
    MeasurementOutcome outcome = WavefrontProvider.values("{\"timeseries\":[{\"data\":[[" + (at - 120) + ",1],["
        + (at - 5) + ",2],[" + (at + 30) + ",3]]}]}", at);

    assertThat(value(outcome).values()).containsExactly(2.0);
  }

  @Test
  void severalSeriesAreAList() {
    server.answer(q -> Reply.ok(WavefrontApiServer.series(0.99, 0.5)));

    MetricValue value = value(measure("x"));

    assertThat(value.values()).containsExactly(0.99, 0.5);
    assertThat(value.display()).isEqualTo("[0.99,0.5]");
  }

  @Test
  void noSeriesIsNoData() {
    server.answer(q -> Reply.ok(WavefrontApiServer.series()));

    assertThat(value(measure("x")).isEmpty()).isTrue();
  }

  @Test
  void nanIsANumber() {
    server.answer(q -> Reply.ok(WavefrontApiServer.series(Double.NaN)));

    assertThat(value(measure("x")).hasNaN()).isTrue();
  }

  @Test
  void aFailedQueryIsAnErrorQuotingWavefront() {
    server.answer(q -> Reply.queryFailed("QueryExecutionFailed", "Terminating Query to save resources"));

    assertThat(failure(measure("x"))).endsWith("answered HTTP 400: Terminating Query to save resources");
    assertThat(failure(WavefrontProvider.values("{\"errorType\":\"SyntaxError\",\"errorMessage\":\"bad\"}", 0)))
        .isEqualTo("wavefront query failed: SyntaxError: bad");
  }

  @Test
  void malformedAnswersAreErrors() {
    assertThat(failure(WavefrontProvider.values("<html>502</html>", 0)))
        .isEqualTo("wavefront answered something other than JSON: <html>502</html>");
    assertThat(failure(WavefrontProvider.values("{\"timeseries\":[{\"data\":[[1,\"high\"]]}]}", 0)))
        .isEqualTo("wavefront value is not a number: \"high\"");
  }

  @Test
  void rateLimitingIsAnErrorSayingSo() {
    server.answer(q -> Reply.rateLimited());

    assertThat(failure(measure("x"))).contains("rate limited the query (HTTP 429): Too many requests");
  }

  @Test
  void aHugeAnswerIsRefusedUnread() {
    String big = "{\"timeseries\":[],\"pad\":\"" + "x".repeat((int) WavefrontProvider.MAX_ANSWER_BYTES) + "\"}";
    server.answer(q -> Reply.ok(big));

    assertThat(failure(measure("x"))).isEqualTo("wavefront answer exceeds 16 MiB; aggregate in the query");
  }

  @Test
  void manySeriesAreShownBounded() {
    double[] values = new double[5_000];
    server.answer(q -> Reply.ok(WavefrontApiServer.series(values)));

    MetricValue value = value(measure("x"));

    assertThat(value.values()).hasSize(5_000);
    assertThat(value.display().length()).isLessThan(1100);
  }

  @Test
  void aSlowAnswerIsAnError() {
    server.answer(q -> Reply.ok(WavefrontApiServer.series(1)).after(Duration.ofSeconds(4)));

    assertThat(failure(measure("x"))).endsWith("did not answer within 2s");
  }

  @Test
  void aWrongTokenIsAnErrorThatNeverShowsIt() {
    secrets.put("wavefront-api-tokens/127.0.0.1", "wrong-wf-9999");

    assertThat(failure(measure("x"))).contains("answered HTTP 401: Authorization required")
        .doesNotContain("wrong-wf-9999");
  }

  @Test
  void aMissingTokenNamesTheSecretAndKey() {
    secrets.clear();

    assertThat(failure(measure("x"))).contains("wavefront-api-tokens").contains("127.0.0.1");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anArgumentStaysInsideItsQuotes() {
    Argument service = new Argument();
    service.name = "service";
    service.value = "web\") or ts(\"secret.metric";
    server.answer(q -> Reply.ok(WavefrontApiServer.series(1)));

    value(measure(metric("ts(\"req\", destination_service=\"{{args.service}}\")"), List.of(service)));

    assertThat(server.requests().get(0)).containsEntry("q",
        "ts(\"req\", destination_service=\"web\\\") or ts(\\\"secret.metric\")");
  }

  @Test
  void argosAddressIsAnHttpsHostKeyingItsToken() {
    assertThat(WavefrontChecks.base("example.wavefront.com")).isEqualTo("https://example.wavefront.com");
    assertThat(WavefrontChecks.tokenKey("example.wavefront.com")).isEqualTo("example.wavefront.com");
    assertThat(WavefrontChecks.base("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    assertThat(WavefrontChecks.tokenKey("http://127.0.0.1:8080/")).isEqualTo("127.0.0.1");
    assertThat(WavefrontChecks.base("https://x.example/api")).isNull();
  }

  @Test
  void checksOnApply() {
    WavefrontMetric spec = new WavefrontMetric();
    spec.address = "https://user@x.example/api";
    spec.query = "ts({{args.metric}})";
    List<String> problems = new ArrayList<>();

    new WavefrontChecks().check(spec, new SpecProblems("metric \"m\": ", Set.of(), problems));

    assertThat(problems).containsExactly(
        "metric \"m\": wavefront.address must be a host (example.wavefront.com) or an http(s):// URL of host and port",
        "metric \"m\": wavefront.query uses {{args.metric}}, but no argument \"metric\" is declared");
  }
}
