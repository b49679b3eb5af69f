package dev.sluice.analysis.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.testing.InfluxdbApiServer;
import dev.sluice.analysis.testing.InfluxdbApiServer.Reply;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.InfluxdbMetric;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.time.Duration;
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
 * The influxdb provider against a local server speaking InfluxDB 2's query API: the request it sends, the answer
 * shapes (records, several tables, empty, NaN, a failed query, errors, rate limiting, oversized) and the profile
 * Secret's values kept out of messages.
 */
class InfluxdbProviderTest {
  private static final String TOKEN = "influx-tok-4e5d6c";
  private static final String ORG = "sluice-unit-org";
  private InfluxdbApiServer server;
  private InfluxdbProvider provider;
  private final Map<String, String> secrets = new HashMap<>();
  private final SecretLookup lookup = (name, key) -> Optional.ofNullable(secrets.get(name + "/" + key));

  @BeforeEach
  void start() throws Exception {
    server = new InfluxdbApiServer(ORG, TOKEN);
    provider = new InfluxdbProvider(Duration.ofSeconds(2));
    profile("influxdb", server.url(), TOKEN, ORG);
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private void profile(String name, String address, String token, String org) {
    secrets.put(name + "/address", address);
    secrets.put(name + "/authToken", token);
    secrets.put(name + "/org", org);
  }

  private static Metric metric(String query, String profile) {
    Metric metric = new Metric();
    metric.name = "error-rate";
    metric.successCondition = "result[0] <= 0.01";
    metric.provider = new MetricProvider();
    metric.provider.influxdb = new InfluxdbMetric();
    metric.provider.influxdb.query = query;
    metric.provider.influxdb.profile = profile;
    return metric;
  }

  private MeasurementOutcome measure(String query) {
    return measure(metric(query, null), List.of());
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
  void eachRecordsValueIsTheResultInOrder() {
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(0.004, 0.006)));

    MetricValue value = value(measure("from(bucket: \"app\") |> range(start: -15m)"));

    assertThat(value.values()).containsExactly(0.004, 0.006);
    assertThat(value.display()).isEqualTo("[0.004,0.006]");
    assertThat(server.queries()).containsExactly("from(bucket: \"app\") |> range(start: -15m)");
  }

  @Test
  void severalTablesGiveEveryRecord() {
    server.answer(q -> Reply.ok(InfluxdbApiServer.tables(new double[] {1}, new double[] {2, 3})));

    assertThat(value(measure("x")).values()).containsExactly(1.0, 2.0, 3.0);
  }

  @Test
  void anEmptyAnswerIsNoData() {
    server.answer(q -> Reply.ok(""));

    assertThat(value(measure("x")).isEmpty()).isTrue();
  }

  @Test
  void nanAndInfinityAreNumbers() {
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(Double.NaN, Double.POSITIVE_INFINITY)));

    MetricValue value = value(measure("x"));

    assertThat(value.hasNaN()).isTrue();
    assertThat(value.display()).isEqualTo("[NaN,+Inf]");
  }

  @Test
  void aQueryThatFailsInTheAnswerIsAnError() {
    server.answer(q -> Reply.ok(InfluxdbApiServer.errorTable("runtime error @3:6-3:50: filter: type conflict")));

    assertThat(failure(measure("x"))).isEqualTo(
        "influxdb query failed: runtime error @3:6-3:50: filter: type conflict");
  }

  @Test
  void aStringValueIsAnErrorSayingSo() {
    server.answer(q -> Reply.ok("#datatype,string,long,string\r\n#group,false,false,false\r\n#default,_result,,\r\n"
        + ",result,table,_value\r\n,,0,\"high, very\"\r\n"));

    assertThat(failure(measure("x"))).isEqualTo(
        "influxdb _value is string \"high, very\", not a number: conditions work on numbers");
  }

  @Test
  void aTableWithoutValuesIsAnError() {
    server.answer(q -> Reply.ok("#datatype,string,long,double\r\n#group,false,false,false\r\n#default,_result,,\r\n"
        + ",result,table,mean\r\n,,0,1.5\r\n"));

    assertThat(failure(measure("x"))).startsWith("influxdb answered a table without a _value column");
  }

  @Test
  void httpErrorsQuoteInfluxdbsMessage() {
    server.answer(q -> Reply.error(400, "invalid", "compilation failed: error @1:1-1:4: undefined identifier fom"));

    assertThat(failure(measure("fom(bucket: \"x\")"))).matches("influxdb at \\*{5}/api/v2/query answered HTTP 400"
        + " \\(invalid\\): compilation failed: error @1:1-1:4: undefined identifier fom");
  }

  @Test
  void rateLimitingIsAnErrorSayingSo() {
    server.answer(q -> Reply.rateLimited());

    assertThat(failure(measure("x"))).contains("rate limited the query (HTTP 429)")
        .contains("exceeded limited_query plan limit");
  }

  @Test
  void aHugeAnswerIsRefusedUnread() {
    String big = InfluxdbApiServer.csv(1.0).repeat((int) (InfluxdbProvider.MAX_ANSWER_BYTES / 300));
    server.answer(q -> Reply.ok(big));

    assertThat(failure(measure("x"))).isEqualTo("influxdb answer exceeds 16 MiB; aggregate in the query");
  }

  @Test
  void manyValuesAreShownBounded() {
    double[] values = new double[20_000];
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(values)));

    MetricValue value = value(measure("x"));

    assertThat(value.values()).hasSize(20_000);
    assertThat(value.display().length()).isLessThan(1100);
  }

  @Test
  void aSlowAnswerIsAnError() {
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(1)).after(Duration.ofSeconds(4)));

    assertThat(failure(measure("x"))).endsWith("did not answer within 2s");
  }

  @Test
  void aWrongTokenIsAnErrorWithoutTheProfilesValues() {
    profile("influxdb", server.url(), "wrong-token-77aa", ORG);

    String message = failure(measure("x"));

    assertThat(message).contains("answered HTTP 401 (unauthorized): unauthorized access")
        .doesNotContain("wrong-token-77aa").doesNotContain(server.url());
  }

  @Test
  void theProfileNamesTheSecret() {
    profile("team-influx", server.url(), TOKEN, ORG);
    secrets.remove("influxdb/address");
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(0.5)));

    assertThat(value(measure(metric("x", "team-influx"), List.of())).values()).containsExactly(0.5);
    assertThat(failure(measure("x"))).contains("influxdb").contains("address");
  }

  @Test
  void anArgumentStaysInsideItsFluxString() {
    Argument app = new Argument();
    app.name = "app";
    app.value = "web\") |> drop(columns: [\"x\"]) |> yield(name: \"${x}";
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(0.001)));

    value(measure(metric("from(bucket: \"b\") |> filter(fn: (r) => r.app == \"{{args.app}}\")", null), List.of(app)));

    assertThat(server.queries()).containsExactly("from(bucket: \"b\") |> filter(fn: (r) => r.app == "
        + "\"web\\\") |> drop(columns: [\\\"x\\\"]) |> yield(name: \\\"\\${x}\")");
  }

  @Test
  void anArgumentOutsideAStringMustBeOneLiteral() {
    Argument window = new Argument();
    window.name = "window";
    window.value = "15m) |> drop(columns: [\"x\"]";

    assertThat(failure(measure(metric("from(bucket: \"b\") |> range(start: -{{args.window}})", null),
        List.of(window)))).contains("argument \"window\" cannot be placed in the Flux query safely");
    assertThat(server.queries()).isEmpty();
  }

  @Test
  void checksOnApply() {
    InfluxdbMetric spec = new InfluxdbMetric();
    spec.query = "from(bucket: \"{{args.bucket}}\")";
    spec.profile = "Not_A_Secret";
    List<String> problems = new ArrayList<>();

    new InfluxdbChecks().check(spec, new SpecProblems("metric \"m\": ", Set.of(), problems));

    assertThat(problems).containsExactly(
        "metric \"m\": influxdb.query uses {{args.bucket}}, but no argument \"bucket\" is declared",
        "metric \"m\": influxdb.profile must be the name of a Secret in the run's namespace");
  }
}
