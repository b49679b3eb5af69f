package dev.sluice.analysis.evaluation;

import static dev.sluice.analysis.evaluation.Specs.metric;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricAssessorTest {
  private static final ConditionCompiler CONDITIONS = new ConditionCompiler();

  private static MetricPolicy policy(Specs.MetricBuilder builder) {
    Metric metric = builder.success("result > 0.5").build();
    try {
      return AnalysisPlan.build(List.of(metric), PlanArgs.UNCHECKED, null, null, CONDITIONS).policy(metric.name);
    } catch (AnalysisPlan.InvalidSpecException e) {
      throw new AssertionError(e.getMessage());
    }
  }

  private static MetricResult result(int successful, int failed, int inconclusive, int error, int consecutiveError) {
    MetricResult result = new MetricResult();
    result.name = "m";
    result.phase = AnalysisPhase.Running;
    result.successful = successful;
    result.failed = failed;
    result.inconclusive = inconclusive;
    result.error = error;
    result.consecutiveError = consecutiveError;
    result.count = successful + failed + inconclusive;
    Measurement last = new Measurement();
    last.phase = consecutiveError > 0 ? AnalysisPhase.Error : AnalysisPhase.Successful;
    last.message = consecutiveError > 0 ? "last error" : null;
    result.measurements = successful + failed + inconclusive + error == 0 ? List.of() : List.of(last);
    return result;
  }

  private static Integer nullable(String value) {
    return value == null ? null : Integer.valueOf(value);
  }

  /** Limits are exceeded strictly (">"), with Argo's defaults failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4. */
  @ParameterizedTest(name = "limits f={0} i={1} e={2}, counters s={3} f={4} i={5} e={6} ce={7} -> {8}")
  @CsvSource({
      // failureLimit
      " ,  ,  , 0, 1, 0, 0, 0, Failed",
      " ,  ,  , 5, 0, 0, 0, 0, Running",
      "0,  ,  , 0, 1, 0, 0, 0, Failed",
      "1,  ,  , 0, 1, 0, 0, 0, Running",
      "1,  ,  , 3, 2, 0, 0, 0, Failed",
      "2,  ,  , 3, 2, 0, 0, 0, Running",
      "2,  ,  , 3, 3, 0, 0, 0, Failed",
      // inconclusiveLimit
      " ,  ,  , 0, 0, 1, 0, 0, Inconclusive",
      " , 1,  , 0, 0, 1, 0, 0, Running",
      " , 1,  , 0, 0, 2, 0, 0, Inconclusive",
      // consecutiveErrorLimit: default 4 means the 5th error in a row is fatal
      " ,  ,  , 0, 0, 0, 4, 4, Running",
      " ,  ,  , 0, 0, 0, 5, 5, Error",
      " ,  ,  , 3, 0, 0, 9, 4, Running",
      " ,  , 0, 0, 0, 0, 1, 1, Error",
      " ,  , 0, 0, 0, 0, 0, 0, Pending",
      " ,  , 1, 0, 0, 0, 1, 1, Running",
      " ,  , 1, 0, 0, 0, 2, 2, Error",
      " ,  , 2, 1, 0, 0, 6, 2, Running",
      // failures are checked before inconclusive and errors
      "0, 0, 0, 0, 1, 1, 1, 1, Failed",
      " , 0, 0, 0, 0, 1, 1, 1, Inconclusive",
      // nothing measured yet
      " ,  ,  , 0, 0, 0, 0, 0, Pending"})
  void limits(String failureLimit, String inconclusiveLimit, String errorLimit, int successful, int failed,
      int inconclusive, int error, int consecutiveError, AnalysisPhase expected) {
    MetricPolicy policy = policy(metric("m").interval("1m").failureLimit(nullable(failureLimit))
        .inconclusiveLimit(nullable(inconclusiveLimit)).consecutiveErrorLimit(nullable(errorLimit)));
    MetricResult result = result(successful, failed, inconclusive, error, consecutiveError);
    assertThat(MetricAssessor.assess(policy, result, false).phase()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "count={0} interval={1} successful={2} failed={3} failureLimit={4} -> {5}")
  @CsvSource({
      " ,   , 1, 0, , Successful",
      "1,   , 1, 0, , Successful",
      "0,   , 1, 0, , Successful",
      "3, 1m, 2, 0, , Running",
      "3, 1m, 3, 0, , Successful",
      "3, 1m, 2, 1, 1, Successful",
      "3, 1m, 1, 2, 1, Failed",
      " , 1m, 100, 0, , Running",
      "0, 1m, 100, 0, , Running"})
  void count(String count, String interval, int successful, int failed, String failureLimit, AnalysisPhase expected) {
    MetricPolicy policy = policy(metric("m").count(nullable(count)).interval(interval)
        .failureLimit(nullable(failureLimit)));
    assertThat(MetricAssessor.assess(policy, result(successful, failed, 0, 0, 0), false).phase()).isEqualTo(expected);
  }

  @Test
  void errorsDoNotCountTowardsCount() {
    MetricPolicy policy = policy(metric("m").count(2).interval("1m"));
    assertThat(MetricAssessor.assess(policy, result(1, 0, 0, 3, 0), false).phase()).isEqualTo(AnalysisPhase.Running);
  }

  @Test
  void messagesExplainTheLimit() {
    MetricPolicy policy = policy(metric("m").interval("1m").failureLimit(1));
    assertThat(MetricAssessor.assess(policy, result(0, 2, 0, 0, 0), false).message())
        .isEqualTo("failed (2) > failureLimit (1)");
    assertThat(MetricAssessor.assess(policy, result(0, 0, 0, 5, 5), false).message())
        .isEqualTo("consecutiveErrors (5) > consecutiveErrorLimit (4): last error");
    assertThat(MetricAssessor.assess(policy, result(0, 0, 1, 0, 0), false).message())
        .isEqualTo("inconclusive (1) > inconclusiveLimit (0)");
    assertThat(MetricAssessor.assess(policy(metric("m").count(2).interval("1m")), result(2, 0, 0, 0, 0), false)
        .message()).isEqualTo("count (2) reached");
  }

  @Test
  void completedPhaseIsFinal() {
    MetricPolicy policy = policy(metric("m").interval("1m"));
    MetricResult result = result(0, 7, 0, 0, 0);
    result.phase = AnalysisPhase.Successful;
    result.message = "kept";
    assertThat(MetricAssessor.assess(policy, result, true))
        .isEqualTo(new MetricAssessor.Assessment(AnalysisPhase.Successful, "kept"));
  }

  /** Terminated before completion: Successful only with at least one successful measurement. */
  @ParameterizedTest(name = "terminated with s={0} f={1} i={2} e={3} -> {4}")
  @CsvSource({
      "0, 0, 0, 0, Inconclusive",
      "1, 0, 0, 0, Successful",
      "3, 0, 0, 2, Successful",
      "0, 0, 0, 3, Error",
      "0, 1, 0, 0, Inconclusive",
      "0, 0, 1, 2, Inconclusive",
      "2, 1, 0, 0, Successful"})
  void terminated(int successful, int failed, int inconclusive, int error, AnalysisPhase expected) {
    MetricPolicy policy = policy(metric("m").interval("1m").failureLimit(5).inconclusiveLimit(5));
    MetricResult result = result(successful, failed, inconclusive, error, error);
    assertThat(MetricAssessor.assess(policy, result, true).phase()).isEqualTo(expected);
  }

  @Test
  void terminatedMessages() {
    MetricPolicy policy = policy(metric("m").interval("1m"));
    assertThat(MetricAssessor.assess(policy, result(0, 0, 0, 0, 0), true).message())
        .isEqualTo("run terminated before the metric was measured");
    assertThat(MetricAssessor.assess(policy, result(2, 0, 0, 0, 0), true).message())
        .isEqualTo("run terminated after 2 measurements");
    assertThat(MetricAssessor.assess(policy, result(0, 0, 0, 2, 2), true).message())
        .isEqualTo("run terminated; all 2 measurements errored: last error");
  }

  @Test
  void limitsStillApplyWhenTerminating() {
    MetricPolicy policy = policy(metric("m").interval("1m"));
    assertThat(MetricAssessor.assess(policy, result(3, 1, 0, 0, 0), true).phase()).isEqualTo(AnalysisPhase.Failed);
  }
}
