package dev.sluice.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.MetricValue;
import com.google.common.collect.ImmutableList;
import dev.cel.common.ast.CelExpr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionCompilerTest {
  private final ConditionCompiler compiler = new ConditionCompiler();

  private boolean eval(String expression, MetricValue value) throws Exception {
    return compiler.compile(expression).evaluate(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "result >= 0.99", "result[0] >= 0.99", "result < 0.05", "result > 0", "0 < result", "result.all(x, x < 0.5)",
      "size(result) == 0", "isNaN(result)", "isInf(result)", "isEmpty(result)", "isEmpty(result) || result[0] < 1.0",
      "default(result, 0.0) < 0.05", "result.exists(x, isNaN(x))", "result == 1.0", "result[0] > 1u",
      "result * 100.0 > 5.0"})
  void validExpressionsValidate(String expression) {
    assertThat(compiler.validate(expression)).isEmpty();
  }

  @Test
  void syntaxErrorIsReportedOnceWithPosition() {
    assertThat(compiler.validate("result < ")).hasValueSatisfying(message -> {
      assertThat(message).startsWith("neither CEL (1:10: ").contains("mismatched input '<EOF>'")
          .doesNotContain("\n");
      assertThat(message).doesNotContain("as a list");
    });
  }

  @Test
  void typeErrorsNameBothReadingsOfResult() throws Exception {
    // It compiles with result of no particular type (a web answer), so the type error is kept for other providers.
    assertThat(compiler.compile("isEmpty(result) || result < 1.0").typeError())
        .contains("as a number").contains("as a list of numbers").contains("isEmpty").contains("_<_");
  }

  @Test
  void intLiteralInEqualityGetsAHint() throws Exception {
    // result == 1 alone is Argo's expression language (read as result == 1.0); with a CEL-only function it is CEL.
    Condition condition = compiler.compile("size([result]) == 1 && result == 1");
    assertThat(condition.typeError()).contains("write 1.0 rather than 1");
    assertThat(condition.acceptsNumbersOrRows()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"result + 1.0", "\"yes\"", "size(result)"})
  void nonBooleanExpressionsAreRejected(String expression) {
    assertThat(compiler.validate(expression)).isPresent();
  }

  @Test
  void resultAloneIsABooleanOnlyAJsonAnswerCanGive() throws Exception {
    Condition condition = compiler.compile("result");
    assertThat(condition.acceptsNumbersOrRows()).isFalse();
    assertThat(condition.typeError()).contains("bool");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyExpressionIsRejected(String expression) {
    assertThat(compiler.validate(expression)).contains("condition is empty");
    assertThat(compiler.validate(null)).contains("condition is empty");
  }

  @Test
  void unknownVariablesAndFunctionsAreRejected() {
    assertThat(compiler.validate("value > 1.0")).hasValueSatisfying(m -> assertThat(m).contains("undeclared reference to 'value'"));
    assertThat(compiler.validate("median(result) > 1.0")).hasValueSatisfying(m -> assertThat(m).contains("median"));
  }

  @Test
  void compilesEachExpressionOnce() throws Exception {
    assertThat(compiler.compile("result > 0.5")).isSameAs(compiler.compile("result > 0.5"));
    assertThat(compiler.compile("result > 0.5")).isNotSameAs(compiler.compile("result > 0.6"));
  }

  @Test
  void cacheIsBounded() throws Exception {
    ConditionCompiler small = new ConditionCompiler(2);
    Condition first = small.compile("result > 1.0");
    small.compile("result > 2.0");
    small.compile("result > 3.0");
    assertThat(small.compile("result > 1.0")).isNotSameAs(first);
  }

  @Test
  void compileErrorsAreCachedAndRethrown() {
    assertThatThrownBy(() -> compiler.compile("result <")).isInstanceOf(InvalidConditionException.class);
    assertThatThrownBy(() -> compiler.compile("result <")).isInstanceOf(InvalidConditionException.class)
        .hasMessageContaining("mismatched input");
  }

  @Test
  void numberFormIsPreferredForASingleValueAndListFormStillWorks() throws Exception {
    Condition both = compiler.compile("default(result, 0.0) < 0.05");
    assertThat(both.acceptsNumber()).isTrue();
    assertThat(both.acceptsList()).isTrue();
    assertThat(compiler.compile("result < 0.05").acceptsList()).isFalse();
    assertThat(compiler.compile("result[0] < 0.05").acceptsNumber()).isFalse();
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(delimiter = '|', value = {
      "result >= 0.99     | scalar | 0.995 | true",
      "result >= 0.99     | scalar | 0.5   | false",
      "result >= 0.99     | vector | 0.995 | true",
      "result[0] >= 0.99  | vector | 0.995 | true",
      "result[0] >= 0.99  | vector | 0.5   | false",
      "result[0] >= 0.99  | scalar | 0.995 | true",
      "result[0] >= 0.99  | series | 0.995 | true",
      "result < 0.05      | series | 0.01  | true",
      "size(result) == 1  | scalar | 7     | true",
      "result > 0         | scalar | 1     | true",
      "result > 0         | scalar | 0     | false",
      "result >= 1        | scalar | 1     | true",
      "1 <= result        | scalar | 1     | true"})
  void singleValues(String expression, String kind, double number, boolean expected) throws Exception {
    MetricValue value = switch (kind) {
      case "scalar" -> MetricValue.scalar(number);
      case "vector" -> MetricValue.vector(number);
      default -> MetricValue.series(number);
    };
    assertThat(eval(expression, value)).isEqualTo(expected);
  }

  @Test
  void severalValuesNeedTheListForm() throws Exception {
    MetricValue two = MetricValue.vector(0.1, 0.9);
    assertThat(eval("result.all(x, x < 0.5)", two)).isFalse();
    assertThat(eval("result.exists(x, x < 0.5)", two)).isTrue();
    assertThat(eval("result[1] > 0.5", two)).isTrue();
    assertThat(eval("size(result) == 2", two)).isTrue();
    assertThatThrownBy(() -> eval("result < 0.5", two)).isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("query returned 2 values but the condition uses result as a single number");
  }

  @Test
  void indexOutOfRangeOnNonEmptyResultIsAnErrorWithCelMessage() {
    assertThatThrownBy(() -> eval("result[3] > 0.5", MetricValue.vector(1.0)))
        .isInstanceOfSatisfying(ConditionEvaluationException.class, e -> {
          assertThat(e.isNoData()).isFalse();
          assertThat(e.getMessage()).contains("Index out of bounds").doesNotContain("\n");
        });
  }

  @Test
  void emptyResultIsNoDataUnlessTheExpressionHandlesIt() throws Exception {
    MetricValue empty = MetricValue.vector();
    assertThatThrownBy(() -> eval("result[0] >= 0.99", empty))
        .isInstanceOfSatisfying(ConditionEvaluationException.class, e -> {
          assertThat(e.isNoData()).isTrue();
          assertThat(e.getMessage()).isEqualTo("query returned no data");
        });
    assertThatThrownBy(() -> eval("result >= 0.99", empty))
        .isInstanceOfSatisfying(ConditionEvaluationException.class, e -> assertThat(e.isNoData()).isTrue());
    assertThat(eval("isEmpty(result)", empty)).isTrue();
    assertThat(eval("size(result) == 0", empty)).isTrue();
    assertThat(eval("isEmpty(result) || result[0] < 0.05", empty)).isTrue();
    assertThat(eval("result.all(x, x < 0.05)", empty)).isTrue();
    assertThat(eval("default(result, 0.0) < 0.05", empty)).isTrue();
    assertThat(eval("default(result, 1.0) < 0.05", empty)).isFalse();
    assertThat(eval("isEmpty(result)", MetricValue.vector(1.0))).isFalse();
  }

  @Test
  void nanComparesFalseWithDoublesAndIntegers() throws Exception {
    for (MetricValue nan : List.of(MetricValue.scalar(Double.NaN), MetricValue.vector(Double.NaN))) {
      for (String expression : List.of("result >= 0.99", "result < 0.99", "result > 0", "result >= 0", "result < 1",
          "result <= 1", "0 < result", "0 <= result", "1 > result", "1 >= result", "result == 0.0",
          "result[0] > 0", "result[0] < 1", "result > 0u", "0u < result", "result[0] >= 0u", "1u >= result[0]",
          "result == result", "[result] == [result]")) {
        assertThat(eval(expression, nan)).as(expression + " with " + nan).isFalse();
      }
      assertThat(eval("isNaN(result)", nan)).isTrue();
      assertThat(eval("result != 0.99", nan)).isTrue();
      assertThat(eval("default(result, 0.0) == 0.0", nan)).isTrue();
      assertThat(eval("!(result >= 0.99)", nan)).isTrue();
    }
  }

  @Test
  void mixedComparisonsWithNumbers() throws Exception {
    MetricValue v = MetricValue.scalar(2.5);
    assertThat(eval("result > 2", v)).isTrue();
    assertThat(eval("result < 3", v)).isTrue();
    assertThat(eval("result <= 2", v)).isFalse();
    assertThat(eval("result >= 3", v)).isFalse();
    assertThat(eval("2 < result", v)).isTrue();
    assertThat(eval("3 <= result", v)).isFalse();
    assertThat(eval("result > 2u", v)).isTrue();
    assertThat(eval("3u > result", v)).isTrue();
    assertThat(eval("result <= 2u", v)).isFalse();
    assertThat(eval("2u >= result", v)).isFalse();
  }

  @Test
  void infinities() throws Exception {
    assertThat(eval("isInf(result)", MetricValue.scalar(Double.POSITIVE_INFINITY))).isTrue();
    assertThat(eval("isInf(result)", MetricValue.scalar(Double.NEGATIVE_INFINITY))).isTrue();
    assertThat(eval("isInf(result)", MetricValue.scalar(1e308))).isFalse();
    assertThat(eval("isNaN(result)", MetricValue.scalar(Double.POSITIVE_INFINITY))).isFalse();
    assertThat(eval("result > 1000000", MetricValue.scalar(Double.POSITIVE_INFINITY))).isTrue();
    assertThat(eval("result < 0.05", MetricValue.scalar(Double.POSITIVE_INFINITY))).isFalse();
    assertThat(eval("result < 0", MetricValue.scalar(Double.NEGATIVE_INFINITY))).isTrue();
  }

  @Test
  void defaultFunction() throws Exception {
    assertThat(eval("default(result, 0.5) == 0.25", MetricValue.scalar(0.25))).isTrue();
    assertThat(eval("default(result, 0.5) == 0.5", MetricValue.scalar(Double.NaN))).isTrue();
    assertThat(eval("default(result, 0.5) == 0.5", MetricValue.vector())).isTrue();
    assertThat(eval("default(result[0], 0.5) == 0.5", MetricValue.vector(Double.NaN))).isTrue();
    assertThatThrownBy(() -> eval("default(result, 0.5) == 0.5", MetricValue.vector(1.0, 2.0)))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageContaining("default() needs at most one value, the query returned 2");
  }

  @Test
  void runawayComprehensionIsStopped() {
    double[] many = new double[1000];
    assertThatThrownBy(() -> eval("result.all(x, result.all(y, x + y > -1.0))", MetricValue.vector(many)))
        .isInstanceOf(ConditionEvaluationException.class);
  }

  private static MetricValue ramp(int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = i * 2;
    }
    return MetricValue.vector(values);
  }

  /** Issue 13: 10^10 comparisons (about 90 s of CPU) within 100k comprehension steps; now stopped by its cost. */
  @Test
  void quadraticMembershipOverALargeResultIsStoppedByTheCostLimit() {
    MetricValue big = ramp(100_000);
    long started = System.nanoTime();
    assertThatThrownBy(() -> eval("result.all(x, !((x + 1.0) in result))", big))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessage("condition exceeds its evaluation cost limit of 10,000,000 (each sub-expression evaluated, and"
            + " each list element that in, ==, !=, + or an aggregate visits, costs 1); avoid in, == or + on result inside"
            + " all/exists/map/filter, or aggregate in the query");
    // A generous guard only: what the test checks is the outcome above, not the time.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"result.all(x, size(result + result) > 0)", "result.all(x, result + [x] != result)",
      "result.map(x, x in result).size() > 0", "result.all(x, false || x in result)"})
  void otherQuadraticFormsAreStoppedToo(String expression) {
    assertThatThrownBy(() -> eval(expression, ramp(100_000)))
        .isInstanceOf(ConditionEvaluationException.class)
        .hasMessageStartingWith("condition exceeds its evaluation cost limit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"result.all(x, x < 1e12)", "result.map(x, x * 2.0).size() == 100000",
      "result.filter(x, x > 0.5).size() == 99999", "!result.exists(x, x in [1.0, 3.0])", "2.0 in result",
      "result == result", "size(result + result) == 200000", "!result.exists(x, isNaN(x) || x < 0.0)"})
  void linearConditionsOverALargeResultStayWithinTheLimit(String expression) throws Exception {
    assertThat(eval(expression, ramp(100_000))).isTrue();
  }

  @Test
  void aQuadraticConditionOverASmallResultIsFine() throws Exception {
    assertThat(eval("result.all(x, !((x + 1.0) in result))", ramp(1000))).isTrue();
  }

  @Test
  void costGrowsWithTheSquareOfTheResultForMembershipInALoop() throws Exception {
    // 1000 values: about 1M; 10000 values: about 100M, over the limit.
    assertThat(eval("result.all(x, x in result)", ramp(1000))).isTrue();
    assertThatThrownBy(() -> eval("result.all(x, x in result)", ramp(10_000)))
        .hasMessageStartingWith("condition exceeds its evaluation cost limit");
  }

  @Test
  void costCountsSubExpressionsAndTheListsThatMembershipWalks() {
    CelExpr x = CelExpr.ofIdent(1, "x");
    CelExpr result = CelExpr.ofIdent(2, "result");
    CelExpr in = CelExpr.ofCall(3, Optional.empty(), "@in", ImmutableList.of(x, result));
    List<Double> fortyFive = java.util.Collections.nCopies(45, 1.0);
    EvaluationCost cost = new EvaluationCost(60);
    cost.callback(x, 1.0);
    cost.callback(result, fortyFive);
    cost.callback(in, true);
    assertThat(cost.spent()).isEqualTo(3 + 45);
    cost.callback(x, 1.0);
    cost.callback(result, fortyFive);
    assertThatThrownBy(() -> cost.callback(in, true)).isInstanceOf(EvaluationCost.Exceeded.class);
    // Past the limit it stays stopped, so an error absorbed by || or && cannot let the evaluation go on.
    assertThatThrownBy(() -> cost.callback(x, 1.0)).isInstanceOf(EvaluationCost.Exceeded.class);
  }

  @Test
  void aComprehensionAccumulatorIsNotCharged() {
    CelExpr accumulator = CelExpr.ofIdent(1, "@result");
    CelExpr item = CelExpr.ofList(2, ImmutableList.of(), ImmutableList.of());
    CelExpr append = CelExpr.ofCall(3, Optional.empty(), "_+_", ImmutableList.of(accumulator, item));
    EvaluationCost cost = new EvaluationCost();
    cost.callback(accumulator, java.util.Collections.nCopies(1000, 1.0));
    cost.callback(item, List.of(1.0));
    cost.callback(append, java.util.Collections.nCopies(1001, 1.0));
    assertThat(cost.spent()).isEqualTo(3 + 1);
  }

  @Test
  void anInterruptedThreadStopsTheEvaluation() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> eval("result.all(x, x < 1e12)", ramp(1000)))
          .isInstanceOf(ConditionEvaluationException.class)
          .hasMessage("condition evaluation was interrupted");
    } finally {
      Thread.interrupted();
    }
  }
}
