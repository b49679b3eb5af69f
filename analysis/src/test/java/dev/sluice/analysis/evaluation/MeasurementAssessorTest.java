package dev.sluice.analysis.evaluation;

import static dev.sluice.analysis.evaluation.Specs.metric;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeasurementAssessorTest {
  private static final ConditionCompiler CONDITIONS = new ConditionCompiler();

  private static MetricPolicy policy(String success, String failure) {
    Metric metric = metric("m").success(success).failure(failure).build();
    try {
      return AnalysisPlan.build(java.util.List.of(metric), PlanArgs.UNCHECKED, null, null, CONDITIONS).policy("m");
    } catch (AnalysisPlan.InvalidSpecException e) {
      throw new AssertionError(e.getMessage());
    }
  }

  private static MeasurementAssessor.Verdict assess(String success, String failure, MetricValue value) {
    return MeasurementAssessor.assess(policy(success, failure), MeasurementOutcome.value(value));
  }

  /** The whole condition table, with conditions whose truth is fixed; empty cells mean "not set". */
  @ParameterizedTest(name = "success={0} failure={1} -> {2}")
  @CsvSource({
      "true,  ,      Successful",
      "false, ,      Failed",
      ",      true,  Failed",
      ",      false, Successful",
      "true,  true,  Failed",
      "true,  false, Successful",
      "false, true,  Failed",
      "false, false, Inconclusive"})
  void conditionTable(String success, String failure, AnalysisPhase expected) {
    assertThat(assess(success, failure, MetricValue.scalar(1)).phase()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} / {1} with {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "result >= 0.99 |                 | 0.995 | Successful",
      "result >= 0.99 |                 | 0.5   | Failed",
      "               | result > 0.05   | 0.01  | Successful",
      "               | result > 0.05   | 0.5   | Failed",
      "result < 0.01  | result > 0.05   | 0.001 | Successful",
      "result < 0.01  | result > 0.05   | 0.03  | Inconclusive",
      "result < 0.01  | result > 0.05   | 0.5   | Failed"})
  void conditionsOverValues(String success, String failure, double value, AnalysisPhase expected) {
    assertThat(assess(success, failure, MetricValue.vector(value)).phase()).isEqualTo(expected);
  }

  @Test
  void successfulMeasurementHasValueAndNoMessage() {
    MeasurementAssessor.Verdict verdict = assess("result[0] >= 0.99", null, MetricValue.vector(0.995));
    assertThat(verdict.value()).isEqualTo("[0.995]");
    assertThat(verdict.message()).isNull();
  }

  @Test
  void failedMeasurementSaysWhichConditionDecided() {
    assertThat(assess("result >= 0.99", null, MetricValue.scalar(0.5)).message()).isEqualTo("successCondition is false");
    assertThat(assess(null, "result > 0.1", MetricValue.scalar(0.5)).message()).isEqualTo("failureCondition is true");
    assertThat(assess("result > 0.9", "result < 0.1", MetricValue.scalar(0.5)).message())
        .isEqualTo("neither successCondition nor failureCondition is true");
  }

  @Test
  void providerFailureIsError() {
    MeasurementAssessor.Verdict verdict = MeasurementAssessor.assess(policy("result > 0.5", null),
        MeasurementOutcome.failure("cannot connect to prometheus at http://p:9090/: Connection refused"));
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(verdict.value()).isNull();
    assertThat(verdict.message()).isEqualTo("cannot connect to prometheus at http://p:9090/: Connection refused");
  }

  @Test
  void nanWithOnlySuccessConditionIsFailed() {
    MeasurementAssessor.Verdict verdict = assess("result >= 0.99", null, MetricValue.scalar(Double.NaN));
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(verdict.value()).isEqualTo("NaN");
    assertThat(verdict.message()).isEqualTo("query returned NaN; successCondition is false");
    assertThat(assess("result[0] > 0", null, MetricValue.vector(Double.NaN)).phase()).isEqualTo(AnalysisPhase.Failed);
  }

  @Test
  void nanWithOnlyFailureConditionIsSuccessfulButSaysNaN() {
    MeasurementAssessor.Verdict verdict = assess(null, "result > 0.05", MetricValue.scalar(Double.NaN));
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Successful);
    assertThat(verdict.message()).isEqualTo("query returned NaN");
    assertThat(assess(null, "isNaN(result) || result > 0.05", MetricValue.scalar(Double.NaN)).phase())
        .isEqualTo(AnalysisPhase.Failed);
  }

  @Test
  void nanWithBothConditionsIsInconclusive() {
    assertThat(assess("result < 0.01", "result > 0.05", MetricValue.scalar(Double.NaN)).phase())
        .isEqualTo(AnalysisPhase.Inconclusive);
  }

  @Test
  void infinity() {
    assertThat(assess("result < 0.05", null, MetricValue.scalar(Double.POSITIVE_INFINITY)).phase())
        .isEqualTo(AnalysisPhase.Failed);
    assertThat(assess(null, "result > 0.05", MetricValue.scalar(Double.POSITIVE_INFINITY)).phase())
        .isEqualTo(AnalysisPhase.Failed);
    assertThat(assess("!isInf(result) && result < 0.05", null, MetricValue.scalar(Double.NEGATIVE_INFINITY)).phase())
        .isEqualTo(AnalysisPhase.Failed);
    assertThat(assess("result < 0.05", null, MetricValue.scalar(Double.NEGATIVE_INFINITY)).value()).isEqualTo("-Inf");
  }

  @Test
  void emptyResultIndexedIsErrorWithNoDataMessage() {
    MeasurementAssessor.Verdict verdict = assess("result[0] >= 0.99", null, MetricValue.vector());
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(verdict.message()).isEqualTo("query returned no data");
    assertThat(verdict.value()).isEqualTo("[]");
    assertThat(assess(null, "result > 0.05", MetricValue.vector()).message()).isEqualTo("query returned no data");
  }

  @Test
  void emptyResultHandledByTheConditionIsEvaluatedAndStillSaysNoData() {
    MeasurementAssessor.Verdict empty = assess("isEmpty(result) || result[0] < 0.05", null, MetricValue.vector());
    assertThat(empty.phase()).isEqualTo(AnalysisPhase.Successful);
    assertThat(empty.message()).isEqualTo("query returned no data");
    MeasurementAssessor.Verdict failing = assess("!isEmpty(result) && result[0] < 0.05", null, MetricValue.vector());
    assertThat(failing.phase()).isEqualTo(AnalysisPhase.Failed);
    assertThat(failing.message()).isEqualTo("query returned no data; successCondition is false");
    assertThat(assess("default(result, 0.0) < 0.05", null, MetricValue.series()).phase())
        .isEqualTo(AnalysisPhase.Successful);
  }

  @Test
  void conditionErrorOtherThanNoDataNamesTheCondition() {
    MeasurementAssessor.Verdict verdict = assess("result > 0.5", null, MetricValue.vector(1, 2));
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(verdict.message()).startsWith("successCondition: query returned 2 values");
    assertThat(assess("result[0] > 0.5", "result[5] > 1.0", MetricValue.vector(1)).message())
        .startsWith("failureCondition: ").contains("Index out of bounds");
  }

  @Test
  void successConditionErrorWinsOverFailureCondition() {
    MeasurementAssessor.Verdict verdict = assess("result[2] > 0.5", "true", MetricValue.vector(1));
    assertThat(verdict.phase()).isEqualTo(AnalysisPhase.Error);
    assertThat(verdict.message()).startsWith("successCondition: ");
  }
}
