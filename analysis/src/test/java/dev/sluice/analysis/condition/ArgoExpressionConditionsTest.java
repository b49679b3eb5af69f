package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MetricValue;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conditions as Argo Rollouts' docs, examples and tests write them, in its expression language (expr-lang), with the
 * answer Argo gives for the same result. The rows come from docs/features/analysis.md (NaN and Infinity, Empty array,
 * Datadog's default()), examples/ and test/e2e/ AnalysisTemplates, and utils/evaluate/evaluate_test.go.
 *
 * <p>Results are written as Argo's Prometheus provider hands them to conditions: {@code scalar:x} is a number (a
 * PromQL scalar), {@code [a;b]} a list (an instant vector or a range query's values).
 */
class ArgoExpressionConditionsTest {
  private final ConditionCompiler compiler = new ConditionCompiler();

  @ParameterizedTest(name = "{0} with {1} is {2}")
  @CsvSource(delimiterString = "~~", value = {
      // docs/features/analysis.md and most examples: a vector indexed at 0
      "result[0] >= 0.95 ~~ [0.97] ~~ true",
      "result[0] >= 0.95 ~~ [0.9] ~~ false",
      "result[0] >= 0.95 ~~ [] ~~ error",
      "result[0] <= 0.95 ~~ [0.5] ~~ true",
      "result[0] >= 10 ~~ [12] ~~ true",
      "result[0] >= 10 ~~ [9] ~~ false",
      "result[0] >= 0.90 ~~ [0.9] ~~ true",
      "result[0] < 0.50 ~~ [0.49] ~~ true",
      "results[0] >= 90.000000 ~~ [95] ~~ invalid",
      // NaN and Infinity (docs): scalar results
      "isNaN(result) || result >= 0.95 ~~ scalar:NaN ~~ true",
      "result >= 0.95 ~~ scalar:NaN ~~ false",
      "result < 0.95 ~~ scalar:NaN ~~ false",
      "result >= 0.95 ~~ scalar:+Inf ~~ true",
      "isInf(result) ~~ scalar:+Inf ~~ true",
      "isInf(result) ~~ scalar:-Inf ~~ true",
      "isInf(result) ~~ scalar:1 ~~ false",
      "result <= 0.01 ~~ scalar:0.005 ~~ true",
      // Empty array (docs)
      "len(result) == 0 || result[0] >= 0.95 ~~ [] ~~ true",
      "len(result) == 0 || result[0] >= 0.95 ~~ [0.5] ~~ false",
      "len(result) == 0 || result[0] >= 0.95 ~~ [0.96] ~~ true",
      "len(result) > 0 && result[0] >= 0.95 ~~ [] ~~ false",
      "len(result) > 0 && result[0] >= 0.95 ~~ [0.99] ~~ true",
      "len(result) > 0 ~~ [1;2] ~~ true",
      // default(): the result as it is, the fallback only when there is none; NaN stays NaN as in Argo
      "default(result, 0) < 0.05 ~~ scalar:0.01 ~~ true",
      "default(result, 0) < 0.05 ~~ scalar:0.5 ~~ false",
      "default(result, 0) < 0.05 ~~ scalar:NaN ~~ false",
      "isNil(result) ~~ scalar:1 ~~ false",
      // predicates (examples, evaluate_test.go)
      "all(result, # < 1000) ~~ [1;999] ~~ true",
      "all(result, # < 1000) ~~ [1;1000] ~~ false",
      "all(result, # < 1000) ~~ [] ~~ true",
      "all(result, {# > 1}) ~~ [2;2] ~~ true",
      "any(result, {# > 1}) ~~ [0;2] ~~ true",
      "any(result, # > 1) ~~ [0;1] ~~ false",
      "none(result, isNaN(#)) ~~ [0;1] ~~ true",
      "one(result, # > 5) ~~ [1;6;9] ~~ false",
      "count(result, # > 1) >= 2 ~~ [2;3;0] ~~ true",
      "all(filter(result, # > 0), # < 10) ~~ [0;5;20] ~~ false",
      "max(result) < 0.05 ~~ [0.01;0.04] ~~ true",
      "max(result) < 0.05 ~~ [0.01;0.06] ~~ false",
      "min(result) > 0 and sum(result) == 3 ~~ [1;2] ~~ true",
      "mean(result) == 1.5 ~~ [1;2] ~~ true",
      "2 in result ~~ [2;2] ~~ true",
      "3 not in result ~~ [2;2] ~~ true",
      "not (3 in result) and not false ~~ [2;2] ~~ true",
      "string(result) startsWith '0.5' ~~ scalar:0.5 ~~ true",
      "string(result) not contains '7' ~~ scalar:0.5 ~~ true",
      // asInt / asFloat (evaluate_test.go)
      "asInt(result) == 1 ~~ scalar:1.123 ~~ true",
      "asInt(result) == 1 ~~ scalar:1 ~~ true",
      "asFloat(result) == 1.1 ~~ scalar:1.1 ~~ true",
      "asFloat(result) >= 1 ~~ scalar:1 ~~ true",
      "asFloat(result) <= 1.1 ~~ scalar:1.1 ~~ true",
      "asInt(result) == 1.1 ~~ scalar:1.1 ~~ false",
      // operators, integers next to floats, expr-lang's precedence
      "result > 1 ~~ scalar:5 ~~ true",
      "result == 1 ~~ scalar:1 ~~ true",
      "result != 1 ~~ scalar:1 ~~ false",
      "result * 100 >= 95 ~~ scalar:0.96 ~~ true",
      "result / 2 == 0.25 ~~ scalar:0.5 ~~ true",
      "1 / 2 == 0.5 ~~ scalar:0 ~~ true",
      "result > 0.5 and result < 0.9 ~~ scalar:0.7 ~~ true",
      "result < 0.1 or result > 0.9 ~~ scalar:0.7 ~~ false",
      "not (result > 0.5) ~~ scalar:0.7 ~~ false",
      "not isNaN(result) && result > 0.5 ~~ scalar:0.7 ~~ true",
      "!isNaN(result) and result > 0.5 ~~ scalar:NaN ~~ false",
      "result[-1] > 5 ~~ [1;9] ~~ true",
      "result[len(result) - 1] == 9 ~~ [1;9] ~~ true",
      "result > 0.5 ? true : false ~~ scalar:0.7 ~~ true",
      "-result < 0 ~~ scalar:2 ~~ true",
      "abs(result) > 1 ~~ scalar:-2 ~~ true",
      "round(result) == 3 ~~ scalar:2.5 ~~ true",
      "result >= 0.95 // a comment ~~ scalar:0.97 ~~ true"})
  void answersAsArgoDoes(String expression, String result, String expected) throws Exception {
    MetricValue value = value(result.trim());
    if (expected.equals("invalid")) {
      assertThat(compiler.validate(expression)).as(expression).isPresent();
      return;
    }
    Condition condition = compiler.compile(expression);
    if (expected.equals("error")) {
      assertThatThrownBy(() -> condition.evaluate(value)).isInstanceOf(ConditionEvaluationException.class);
    } else {
      assertThat(condition.evaluate(value)).as(expression + " (CEL: " + condition.cel() + ")")
          .isEqualTo(Boolean.parseBoolean(expected));
    }
  }

  /**
   * Where Argo's Prometheus provider errors, Sluice answers. Argo passes an empty vector as an empty (non-nil) list, so
   * there {@code isNil} is always false and {@code default} returns the list itself, which no comparison accepts;
   * Datadog's "no data" is nil, and that is what these functions are for (docs: "Datadog"). Sluice reads "the query
   * returned nothing" as nil for every provider, and a one-value list as its value.
   */
  @ParameterizedTest(name = "{0} with {1} is {2}")
  @CsvSource(delimiterString = "~~", value = {
      "default(result, 0) < 0.05 ~~ [] ~~ true",
      "default(result, 0) < 10 ~~ [12] ~~ false",
      "default(result, 0) < 10 ~~ [1;2] ~~ error",
      "isNil(result) ~~ [] ~~ true",
      "isNil(result) ~~ [1] ~~ false",
      "result == nil || result[0] < 5 ~~ [] ~~ true",
      "result != nil && result[0] < 5 ~~ [7] ~~ false",
      "result >= 0.95 ~~ [0.97] ~~ true",
      "result[0] >= 0.95 ~~ scalar:0.97 ~~ true"})
  void answersWhereArgosPrometheusProviderErrs(String expression, String result, String expected) throws Exception {
    answersAsArgoDoes(expression, result, expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"result[0] >= 0.95", "isNaN(result) || result >= 0.95", "result >= 0.95", "isInf(result)",
      "result > 1", "result[0] >= 10", "!isNaN(result) && result > 0.5"})
  void whatCompilesAsCelIsCel(String expression) throws Exception {
    assertThat(compiler.compile(expression).language()).isEqualTo(Condition.Language.CEL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"len(result) > 0", "all(result, # < 1000)", "any(result, {# > 1})", "asInt(result) == 1.0",
      "default(result, 0) < 0.05", "result == 1", "result > 0.5 and result < 0.9", "not isNaN(result)",
      "max(result) < 0.05 and min(result) > 0", "result[-1] > 5"})
  void whatOnlyArgoReadsIsArgo(String expression) throws Exception {
    assertThat(compiler.compile(expression).language()).isEqualTo(Condition.Language.ARGO_EXPR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"result >", "foo(result) > 1", "result[0:1] > 0", "result ?? 1", "result | len",
      "all(result, #index > 1)", "values[0] > 1",
      "len(result) >", "{a: 1}"})
  void whatNeitherLanguageReadsIsRefusedUpFront(String expression) {
    assertThat(compiler.validate(expression)).as(expression).isPresent();
  }

  @org.junit.jupiter.api.Test
  void refusalNamesBothLanguagesWhenNeitherParses() {
    assertThat(compiler.validate("result >")).hasValueSatisfying(message -> assertThat(message)
        .startsWith("neither CEL (").contains("nor Argo Rollouts' expression language (")
        .contains("unexpected end of expression"));
    assertThat(compiler.validate("result[0:1] > 0")).hasValueSatisfying(message -> assertThat(message)
        .contains("slices (a[i:j]) is not supported"));
    assertThat(compiler.validate("sqrt(result) > 1 and true")).hasValueSatisfying(message -> assertThat(message)
        .contains("unknown function sqrt()"));
    // Parsed as CEL, so its CEL error comes first.
    assertThat(compiler.validate("sqrt(result) > 1")).hasValueSatisfying(message -> assertThat(message)
        .startsWith("1:5: undeclared reference to 'sqrt'"));
  }

  @org.junit.jupiter.api.Test
  void translationKeepsTheCostBounds() {
    double[] many = new double[100_000];
    for (int i = 0; i < many.length; i++) {
      many[i] = i * 2;
    }
    assertThatThrownBy(() -> compiler.compile("all(result, # + 1 not in result)").evaluate(MetricValue.vector(many)))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageStartingWith("condition exceeds its evaluation cost limit");
    assertThatThrownBy(() -> compiler.compile("all(result, # <= max(result))").evaluate(MetricValue.vector(many)))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageStartingWith("condition exceeds its evaluation cost limit");
  }

  private static MetricValue value(String text) {
    if (text.startsWith("scalar:")) {
      return MetricValue.scalar(number(text.substring("scalar:".length())));
    }
    String inner = text.substring(1, text.length() - 1).trim();
    double[] values = inner.isEmpty() ? new double[0]
        : Arrays.stream(inner.split(";")).mapToDouble(ArgoExpressionConditionsTest::number).toArray();
    return MetricValue.vector(values);
  }

  private static double number(String text) {
    return switch (text.trim()) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text.trim());
    };
  }
}
