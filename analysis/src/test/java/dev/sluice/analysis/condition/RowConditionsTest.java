package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MetricValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditions over rows with named fields (New Relic's NRQL results), as Argo Rollouts' docs write them. */
class RowConditionsTest {
  private final ConditionCompiler compiler = new ConditionCompiler();

  private boolean eval(String expression, MetricValue value) throws Exception {
    return compiler.compile(expression).evaluate(value);
  }

  private static MetricValue rows(List<Map<String, Object>> rows) {
    return MetricValue.rows(rows, rows.toString());
  }

  @Test
  void oneRowIsAMapOfItsFields() throws Exception {
    MetricValue row = rows(List.of(Map.of("successRate", 97.5)));
    assertThat(eval("result.successRate >= 95", row)).isTrue();
    assertThat(eval("result.successRate >= 0.99 * 100", row)).isFalse();
    assertThat(eval("result['successRate'] > 90.0", row)).isTrue();
    // One number in one row is also the number itself.
    assertThat(eval("result >= 95.0", row)).isTrue();
    assertThat(eval("result.successRate >= 95", rows(List.of(Map.of("successRate", 80.0))))).isFalse();
  }

  @Test
  void dottedAndNestedFieldsAsNrqlNamesThem() throws Exception {
    MetricValue row = rows(List.of(Map.of("average.duration", 0.25, "percentile.duration", Map.of("95", 1.5))));
    assertThat(eval("result['average.duration'] < 0.5", row)).isTrue();
    assertThat(eval("result['percentile.duration']['95'] < 1.0", row)).isFalse();
  }

  @Test
  void severalRowsAreAList() throws Exception {
    MetricValue facets = rows(List.of(Map.of("facet", "a", "count", 3.0), Map.of("facet", "b", "count", 9.0)));
    assertThat(eval("result[1].count > 5", facets)).isTrue();
    assertThat(eval("all(result, {#.count < 10})", facets)).isTrue();
    assertThat(eval("all(result, {#.count < 5})", facets)).isFalse();
    assertThatThrownBy(() -> eval("result.count > 5", facets)).hasMessageContaining("returned 2 rows");
  }

  @Test
  void fieldsOfANumberAreAnErrorAtRunTimeNotAFalse() {
    assertThatThrownBy(() -> eval("result.successRate >= 95", MetricValue.scalar(1)))
        .hasMessageContaining("this provider's result is a number or a list of numbers");
    assertThatThrownBy(() -> eval("result.successRate >= 95", rows(List.of())))
        .isInstanceOf(ConditionEvaluationException.class);
    assertThatThrownBy(() -> eval("result >= 95.0", rows(List.of(Map.of("a", 1.0, "b", 2.0)))))
        .hasMessageContaining("name the one to test");
  }
}
