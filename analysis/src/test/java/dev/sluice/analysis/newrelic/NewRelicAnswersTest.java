package dev.sluice.analysis.newrelic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.NewRelicMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** NerdGraph answers the local server is not made to give, the profile's regions, and the checks on apply. */
class NewRelicAnswersTest {
  @Test
  void nestedFieldsAndTextSurvive() {
    MeasurementOutcome outcome = NerdGraphAnswers.parse(200, "{\"data\":{\"actor\":{\"account\":{\"nrql\":"
        + "{\"results\":[{\"percentile.duration\":{\"95\":0.4},\"appName\":\"x\",\"uniques\":[\"a\",\"b\"]}]}}}}}");
    MetricValue value = ((MeasurementOutcome.Value) outcome).value();
    assertThat(value.rows().get(0)).containsEntry("percentile.duration", Map.of("95", 0.4))
        .containsEntry("appName", "x").containsEntry("uniques", List.of("a", "b"));
    assertThat(value.values()).isEmpty();
  }

  @Test
  void malformedAnswersAreErrors() {
    assertThat(message(NerdGraphAnswers.parse(200, "<html>gateway</html>")))
        .isEqualTo("new relic answered something other than JSON: <html>gateway</html>");
    assertThat(message(NerdGraphAnswers.parse(200, "{\"data\":{\"actor\":{\"account\":{\"nrql\":null}}}}")))
        .startsWith("new relic answer has no data.actor.account.nrql.results");
    assertThat(message(NerdGraphAnswers.parse(503, "x".repeat(50_000))).length()).isLessThan(1200);
  }

  @Test
  void regionsAndOverrides() throws ArgumentException {
    Map<String, String> data = new java.util.HashMap<>(Map.of("newrelic/personal-api-key", "k",
        "newrelic/account-id", " 42 "));
    NewRelicAccount us = NewRelicAccount.read(null, (n, k) -> Optional.ofNullable(data.get(n + "/" + k)), "x");
    assertThat(us.nerdGraph()).hasToString(NewRelicAccount.US);
    assertThat(us.accountId()).isEqualTo(42);
    data.put("newrelic/region", "eu");
    assertThat(NewRelicAccount.read("", (n, k) -> Optional.ofNullable(data.get(n + "/" + k)), "x").nerdGraph())
        .hasToString(NewRelicAccount.EU);
    data.put("newrelic/region", "apac");
    Assertions.assertThatThrownBy(() -> NewRelicAccount.read(null, (n, k) -> Optional.ofNullable(
        data.get(n + "/" + k)), "x")).hasMessageContaining("region must be us or eu");
    assertThat(us.toString()).doesNotContain("k,");
  }

  @Test
  void checksOnApply() {
    NewRelicMetric spec = new NewRelicMetric();
    spec.query = "SELECT x FROM y WHERE a = '{{args.other}}'";
    spec.timeout = 120L;
    List<String> problems = new ArrayList<>();
    new NewRelicChecks().check(spec, new SpecProblems("", Set.of("app"), problems));
    assertThat(problems).containsExactly(
        "newRelic.query uses {{args.other}}, but no argument \"other\" is declared",
        "newRelic.timeout must be between 1 and 60 seconds");
  }

  private static String message(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }
}
