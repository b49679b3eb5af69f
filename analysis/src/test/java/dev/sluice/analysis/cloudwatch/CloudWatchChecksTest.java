package dev.sluice.analysis.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a template's {@code cloudWatch} is refused for when it is applied (InvalidSpec, lint). */
class CloudWatchChecksTest {
  /** The provider of Argo's docs/analysis/cloudwatch.md, as written there. */
  private static final String ARGO_EXAMPLE = """
      {"interval": "30m", "metricDataQueries": [
        {"id": "rate", "expression": "errors / requests"},
        {"id": "errors", "metricStat": {"metric": {"namespace": "app", "metricName": "errors"},
          "period": 300, "stat": "Sum", "unit": "Count"}, "returnData": false},
        {"id": "requests", "metricStat": {"metric": {"namespace": "app", "metricName": "requests"},
          "period": 300, "stat": "Sum", "unit": "Count"}, "returnData": false}]}
      """;

  private static List<String> problems(CloudWatchMetric spec) {
    List<String> problems = new ArrayList<>();
    new CloudWatchChecks().check(spec, new SpecProblems("", Set.of("service"), problems));
    return problems;
  }

  private static CloudWatchMetric argoExample() throws Exception {
    return new ObjectMapper().readValue(ARGO_EXAMPLE, CloudWatchMetric.class);
  }

  @Test
  void argosExamplePasses() throws Exception {
    CloudWatchMetric spec = argoExample();
    assertThat(spec.metricDataQueries.get(1).metricStat.period).isEqualTo("300");
    assertThat(problems(spec)).isEmpty();
  }

  @Test
  void badQueriesAreRefusedWithTheirPlace() throws Exception {
    CloudWatchMetric spec = argoExample();
    spec.interval = "half an hour";
    spec.metricDataQueries.get(0).id = "Rate-1";
    spec.metricDataQueries.get(1).metricStat.period = "90";
    spec.metricDataQueries.get(1).expression = "errors";
    spec.metricDataQueries.get(2).returnData = null;
    spec.metricDataQueries.get(2).metricStat.metric.dimensions = List.of(dimension("{{args.svc}}"));

    assertThat(problems(spec)).containsExactly(
        "cloudWatch.interval: invalid duration \"half an hour\": use a number and a unit (ms, s, m, h), e.g. 30s,"
            + " 5m, 1h",
        "cloudWatch.metricDataQueries[0].id \"Rate-1\" must start with a lowercase letter and hold only letters,"
            + " digits and _",
        "cloudWatch.metricDataQueries[1] needs exactly one of expression and metricStat",
        "cloudWatch.metricDataQueries[1].metricStat.period must be 1, 5, 10, 30 or a multiple of 60 seconds, got 90",
        "cloudWatch.metricDataQueries[2].metricStat.metric.dimensions[0].value uses {{args.svc}}, but no argument"
            + " \"svc\" is declared",
        "cloudWatch.metricDataQueries: 2 queries return data; exactly one must (its values are the result): set"
            + " returnData: false on the others");
  }

  @Test
  void noQueriesAndDuplicateIds() throws Exception {
    CloudWatchMetric empty = new CloudWatchMetric();
    assertThat(problems(empty)).containsExactly("cloudWatch.metricDataQueries needs at least one query");
    CloudWatchMetric spec = argoExample();
    spec.metricDataQueries.get(2).id = "errors";
    assertThat(problems(spec)).containsExactly("cloudWatch.metricDataQueries[2].id \"errors\" is used twice");
  }

  private static CloudWatchMetric.Dimension dimension(String value) {
    CloudWatchMetric.Dimension dimension = new CloudWatchMetric.Dimension();
    dimension.name = "service";
    dimension.value = value;
    return dimension;
  }
}
