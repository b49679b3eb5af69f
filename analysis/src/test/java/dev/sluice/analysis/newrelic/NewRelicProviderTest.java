package dev.sluice.analysis.newrelic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.testing.NerdGraphServer;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.NewRelicMetric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The newRelic provider against a local server speaking NerdGraph's NRQL query: the request, the rows Argo's
 * conditions read (result.successRate), empty, NaN-free nulls, GraphQL errors, rate limits, slow and huge answers, and
 * the key kept out of messages.
 */
class NewRelicProviderTest {
  private static final String KEY = "NRAK-TEST7Q2W9E";
  private static final long ACCOUNT = 1234567;
  private static final String NRQL = "FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode != 500)"
      + " as successRate where appName = 'checkout'";
  private final Map<String, String> secretData = new HashMap<>();
  private final SecretLookup secrets = (name, key) -> Optional.ofNullable(secretData.get(name + "/" + key));
  private final NewRelicProvider provider = new NewRelicProvider();
  private final ConditionCompiler conditions = new ConditionCompiler();
  private NerdGraphServer server;

  @BeforeEach
  void start() throws Exception {
    server = new NerdGraphServer(KEY, ACCOUNT);
    secretData.put("nr/personal-api-key", KEY);
    secretData.put("nr/account-id", Long.toString(ACCOUNT));
    secretData.put("nr/base-url-nerdgraph", server.url());
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private static NewRelicMetric spec(String query) {
    NewRelicMetric spec = new NewRelicMetric();
    spec.profile = "nr";
    spec.namespaced = true;
    spec.query = query;
    return spec;
  }

  private MeasurementOutcome measure(NewRelicMetric spec) {
    Metric metric = new Metric();
    metric.name = "success-rate";
    metric.successCondition = "result.successRate >= 95";
    metric.provider = new MetricProvider();
    metric.provider.newRelic = spec;
    Argument app = new Argument();
    app.name = "application-name";
    app.value = "checkout";
    return TestSources.of(provider, List.of(app), secrets).measure(metric);
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
  void oneRowIsWhatArgosConditionReads() throws Exception {
    server.put(NRQL, "[{\"successRate\": 99.2}]");
    MetricValue value = value(measure(spec("FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode !="
        + " 500) as successRate where appName = '{{ args.application-name }}'")));
    assertThat(value.display()).isEqualTo("{\"successRate\":99.2}");
    assertThat(conditions.compile("result.successRate >= 95").evaluate(value)).isTrue();
    assertThat(conditions.compile("result.successRate >= 99.5").evaluate(value)).isFalse();
    JsonNode sent = server.received().get(0).path("variables");
    assertThat(sent.path("accountId").asLong()).isEqualTo(ACCOUNT);
    assertThat(sent.path("timeout").asLong()).isEqualTo(5);
    assertThat(sent.path("query").asText()).isEqualTo(NRQL);
  }

  @Test
  void facetedRowsAreAListAndNullsAreLeftOut() throws Exception {
    server.put("SELECT count(*) FROM Transaction FACET appName", "[{\"appName\":\"a\",\"facet\":\"a\",\"count\":3},"
        + "{\"appName\":\"b\",\"facet\":\"b\",\"count\":null}]");
    MetricValue value = value(measure(spec("SELECT count(*) FROM Transaction FACET appName")));
    assertThat(value.rows()).hasSize(2);
    assertThat(value.rows().get(1)).doesNotContainKey("count");
    assertThat(conditions.compile("result[0].count == 3").evaluate(value)).isTrue();
  }

  @Test
  void noRowsIsNoData() {
    server.put("SELECT count(*) FROM Nothing", "[]");
    assertThat(value(measure(spec("SELECT count(*) FROM Nothing"))).isEmpty()).isTrue();
  }

  @Test
  void aWrongKeyIsAnErrorThatNeverShowsIt() {
    secretData.put("nr/personal-api-key", "NRAK-WRONG55K1");
    assertThat(failure(measure(spec("SELECT 1")))).isEqualTo(
        "new relic refused the personal-api-key (HTTP 401: Invalid API key)");
  }

  @Test
  void nrqlErrorsAreQuoted() {
    assertThat(failure(measure(spec("SELEC oops")))).isEqualTo(
        "new relic query failed: NRQL Syntax Error: Error at line 1 position 1, unexpected query");
    secretData.put("nr/account-id", "999");
    assertThat(failure(measure(spec("SELECT 1")))).isEqualTo("new relic query failed: Access denied to account 999");
    secretData.put("nr/account-id", "one");
    assertThat(failure(measure(spec("SELECT 1")))).isEqualTo(
        "newRelic: Secret \"nr\" in the run's namespace: account-id is not a number");
  }

  @Test
  void rateLimitsAreNamed() {
    server.mode(NerdGraphServer.Mode.RATE_LIMITED);
    assertThat(failure(measure(spec("SELECT 1")))).isEqualTo("new relic rate limited the query (NRQL: NRDB query rate"
        + " limit exceeded: too many concurrent queries); measure less often");
    server.mode(NerdGraphServer.Mode.HTTP_429);
    assertThat(failure(measure(spec("SELECT 1")))).startsWith("new relic rate limited the query (HTTP 429");
  }

  @Test
  void aSlowAnswerTimesOutAfterTheNrqlTimeoutAndFiveSeconds() {
    server.mode(NerdGraphServer.Mode.SLOW);
    NewRelicMetric spec = spec("SELECT 1");
    spec.timeout = 1L;
    assertThat(failure(measure(spec))).endsWith("did not answer within 6s");
  }

  @Test
  void aHugeAnswerIsRefusedUnread() {
    server.mode(NerdGraphServer.Mode.HUGE);
    assertThat(failure(measure(spec("SELECT 1")))).contains("exceeds 4 MiB");
  }

  @Test
  void theProfileIsLookedForInTheOperatorsNamespaceByDefault() {
    NewRelicMetric spec = spec("SELECT 1");
    spec.namespaced = null;
    spec.profile = null;
    // No cluster here: the operator's namespace has no Secret.
    assertThat(failure(measure(spec))).startsWith("newRelic: Secret \"newrelic\" in the operator's namespace ")
        .endsWith(" is missing or has no personal-api-key and account-id");
  }
}
