package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MetricValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argo's CloudWatch conditions index the raw GetMetricData answer: result[0].Values is the returned query's values. */
class CloudWatchResultShapeTest {
  private final ConditionCompiler compiler = new ConditionCompiler();

  private static MetricValue cloudWatch(Double... values) {
    return new MetricValue(MetricValue.Kind.QUERY_RESULT, List.of(values), MetricValue.listDisplay(
        List.of(values).stream().map(MetricValue::format).toList()));
  }

  @Test
  void argosDocumentedConditionReadsTheValues() throws Exception {
    Condition condition = compiler.compile("all(result[0].Values, {# <= 0.01})");

    assertThat(condition.evaluate(cloudWatch(0.004, 0.009))).isTrue();
    assertThat(condition.evaluate(cloudWatch(0.004, 0.09))).isFalse();
  }

  @Test
  void indexingAndLengthWorkAsInArgo() throws Exception {
    assertThat(compiler.compile("result[0].Values[0] < 5").evaluate(cloudWatch(3.0, 9.0))).isTrue();
    assertThat(compiler.compile("len(result[0].Values) >= 2").evaluate(cloudWatch(3.0, 9.0))).isTrue();
    assertThat(compiler.compile("result[0].Values.all(v, v < 10.0)").evaluate(cloudWatch(3.0, 9.0))).isTrue();
  }

  @Test
  void conditionsOnResultItselfStillWork() throws Exception {
    assertThat(compiler.compile("all(result, # <= 0.01)").evaluate(cloudWatch(0.004))).isTrue();
    assertThat(compiler.compile("result <= 0.01").evaluate(cloudWatch(0.004))).isTrue();
  }

  @Test
  void otherProvidersResultsHaveNoValuesField() throws Exception {
    Condition condition = compiler.compile("all(result[0].Values, {# <= 0.01})");

    assertThatThrownBy(() -> condition.evaluate(MetricValue.vector(0.1, 0.2)))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("result[0].Values");
  }
}
