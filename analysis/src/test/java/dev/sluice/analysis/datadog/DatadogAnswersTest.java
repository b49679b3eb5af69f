package dev.sluice.analysis.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.DatadogMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Answer shapes the local server is not made to give, where the keys are found, and the checks on apply. */
class DatadogAnswersTest {
  private static MetricValue value(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void nullPointsAreSkippedAndNaNStaysNaN() {
    assertThat(value(DatadogAnswers.v1("{\"series\":[{\"pointlist\":[[1,2.5],[2,null]]}]}")).values())
        .containsExactly(2.5);
    assertThat(value(DatadogAnswers.v1("{\"series\":[{\"pointlist\":[[1,NaN]]}]}")).hasNaN()).isTrue();
    assertThat(value(DatadogAnswers.v1("{\"series\":[{\"pointlist\":[[1,null]]}]}")).isEmpty()).isTrue();
    assertThat(value(DatadogAnswers.v2("{\"data\":{\"attributes\":{\"columns\":[{\"name\":\"a\",\"type\":\"number\","
        + "\"values\":[null]}]}}}")).isEmpty()).isTrue();
    assertThat(value(DatadogAnswers.v2("{\"data\":{\"attributes\":{\"columns\":[]}}}")).isEmpty()).isTrue();
  }

  @Test
  void groupedValuesSkipGroupsWithoutData() {
    MetricValue value = value(DatadogAnswers.v2("{\"data\":{\"attributes\":{\"columns\":["
        + "{\"name\":\"service\",\"type\":\"group\",\"values\":[[\"a\"],[\"b\"],[\"c\"]]},"
        + "{\"name\":\"q\",\"type\":\"number\",\"values\":[0.1,null,0.3]}]}}}"));
    assertThat(value.values()).containsExactly(0.1, 0.3);
  }

  @Test
  void errorsInAnAnswerAreErrors() {
    assertThat(failure(DatadogAnswers.v2("{\"data\":{},\"errors\":\"Error parsing query: unexpected token\"}")))
        .isEqualTo("datadog query failed: Error parsing query: unexpected token");
    assertThat(failure(DatadogAnswers.v1("{\"status\":\"error\",\"error\":\"Rate limit of 100 reached\"}")))
        .isEqualTo("datadog query failed: Rate limit of 100 reached");
    assertThat(failure(DatadogAnswers.v1("{\"series\":[{\"pointlist\":[[1,\"high\"]]}]}")))
        .isEqualTo("datadog point value is not a number: \"high\"");
    assertThat(failure(DatadogAnswers.refused(500, "x".repeat(100_000), true)).length()).isLessThan(1200);
  }

  @Test
  void aHugeGroupedAnswerIsShownBounded() {
    StringBuilder values = new StringBuilder();
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      values.append(i == 0 ? "" : ",").append(i);
      tags.append(i == 0 ? "" : ",").append("[\"g").append(i).append("\"]");
    }
    MetricValue value = value(DatadogAnswers.v2("{\"data\":{\"attributes\":{\"columns\":[{\"type\":\"group\","
        + "\"values\":[" + tags + "]},{\"type\":\"number\",\"values\":[" + values + "]}]}}}"));
    assertThat(value.values()).hasSize(20_000);
    assertThat(value.display().length()).isLessThan(1100);
  }

  @Test
  void keysAreFoundAsArgoFindsThem() throws ArgumentException {
    SecretLookup none = (n, k) -> Optional.empty();
    SecretLookup operator = (n, k) -> Optional.ofNullable(Map.of("datadog/api-key", "op-api", "datadog/app-key",
        "op-app", "custom/api-key", "c-api", "custom/app-key", "c-app").get(n + "/" + k));
    SecretLookup run = (n, k) -> Optional.ofNullable(Map.of("mine/api-key", "r-api", "mine/app-key", "r-app",
        "mine/address", "https://api.datadoghq.eu").get(n + "/" + k));
    DatadogMetric.SecretRef namespaced = new DatadogMetric.SecretRef();
    namespaced.name = "mine";
    namespaced.namespaced = true;
    DatadogMetric.SecretRef named = new DatadogMetric.SecretRef();
    named.name = "custom";

    assertThat(DatadogCredentials.find(namespaced, run, "sluice", operator, Map.of()))
        .isEqualTo(new DatadogCredentials("https://api.datadoghq.eu", "r-api", "r-app"));
    assertThat(DatadogCredentials.find(named, run, "sluice", operator, Map.of()).apiKey()).isEqualTo("c-api");
    assertThat(DatadogCredentials.find(null, run, "sluice", operator, Map.of()))
        .isEqualTo(new DatadogCredentials(DatadogCredentials.DEFAULT_ADDRESS, "op-api", "op-app"));
    assertThat(DatadogCredentials.find(null, run, "sluice", operator, Map.of("DD_API_KEY", "e-api",
        "DD_APP_KEY", "e-app", "DD_ADDRESS", "https://us3.datadoghq.com")).apiKey()).isEqualTo("e-api");
    // Argo takes the environment only when all three are set.
    assertThat(DatadogCredentials.find(null, run, "sluice", operator, Map.of("DD_API_KEY", "e-api",
        "DD_APP_KEY", "e-app")).apiKey()).isEqualTo("op-api");
    Assertions.assertThatThrownBy(() -> DatadogCredentials.find(null, run, "sluice", none, Map.of()))
        .hasMessageContaining("Secret \"datadog\" in the operator's namespace sluice has no api-key and app-key");
    assertThat(new DatadogCredentials("https://x", "k1", "k2").toString()).doesNotContain("k1", "k2");
  }

  @Test
  void checksOnApplyFollowArgo() {
    DatadogMetric both = new DatadogMetric();
    both.query = "a";
    both.queries = Map.of("a", "b");
    DatadogMetric v1Queries = new DatadogMetric();
    v1Queries.queries = Map.of("a", "x", "b", "y");
    v1Queries.aggregator = "sum";
    DatadogMetric badTimes = new DatadogMetric();
    badTimes.apiVersion = "v2";
    badTimes.query = "sum:x{service:{{args.other}}}";
    badTimes.requestTimeout = "2m";
    badTimes.interval = "5 minutes";

    assertThat(problems(both)).containsExactly("datadog needs exactly one of query and queries",
        "datadog.queries need apiVersion v2 (v1 takes one query)");
    assertThat(problems(v1Queries)).containsExactly("datadog.queries need apiVersion v2 (v1 takes one query)",
        "datadog: several queries need a formula (Datadog's columns come in no set order)",
        "datadog.aggregator needs apiVersion v2");
    assertThat(problems(badTimes)).hasSize(3).contains(
        "datadog.query uses {{args.other}}, but no argument \"other\" is declared",
        "datadog.requestTimeout is at most 60s");
  }

  private static List<String> problems(DatadogMetric spec) {
    List<String> problems = new ArrayList<>();
    new DatadogChecks().check(spec, new SpecProblems("", Set.of("service"), problems));
    return problems;
  }
}
