package dev.sluice.analysis.evaluation;

import static dev.sluice.analysis.evaluation.Specs.metric;
import static dev.sluice.analysis.evaluation.Specs.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnalysisEvaluatorTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private final AnalysisEvaluator evaluator = new AnalysisEvaluator();
  private final TestClock clock = new TestClock(T0);
  private final ScriptedSource source = new ScriptedSource();
  private AnalysisRunStatus status = null;

  private Decision step(AnalysisRunSpec spec) {
    Decision decision = evaluator.step(spec, status, clock, source);
    status = decision.status();
    return decision;
  }

  private MetricResult result(String name) {
    return status.metricResults.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
  }

  /** Steps whenever the decision asks, until the run completes or {@code limit} steps were taken. */
  private Decision runToCompletion(AnalysisRunSpec spec, int limit) {
    Decision decision = step(spec);
    for (int i = 1; i < limit && !decision.completed(); i++) {
      clock.advance(decision.requeueAfter().orElseThrow());
      decision = step(spec);
    }
    return decision;
  }

  @Test
  void singleMeasurementWithoutInterval() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").build());
    source.values("rate", 0.995);
    Decision decision = step(spec);

    assertThat(decision.completed()).isTrue();
    assertThat(decision.requeueAfter()).isEmpty();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(status.startedAt).isEqualTo("2024-05-01T10:00:00Z");
    MetricResult rate = result("rate");
    assertThat(rate.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(rate.count).isEqualTo(1);
    assertThat(rate.successful).isEqualTo(1);
    assertThat(rate.measurements).singleElement().satisfies(m -> {
      assertThat(m.phase).isEqualTo(AnalysisPhase.Successful);
      assertThat(m.value).isEqualTo("0.995");
      assertThat(m.startedAt).isEqualTo("2024-05-01T10:00:00Z");
      assertThat(m.finishedAt).isEqualTo("2024-05-01T10:00:00Z");
    });
  }

  @Test
  void singleFailingMeasurementFailsTheRun() {
    source.values("rate", 0.5);
    step(run(metric("rate").success("result >= 0.99").build()));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.message).isEqualTo(
        "metric \"rate\" assessed Failed: failed (1) > failureLimit (0): successCondition is false");
  }

  @Test
  void conditionOverItsCostLimitIsAnErrorAndErrorsTheRunByConsecutiveErrorLimit() {
    double[] many = new double[10_000];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    source.outcome("spread", MeasurementOutcome.value(MetricValue.vector(many)));
    AnalysisRunSpec spec = run(metric("spread").success("result.all(x, x in result)").interval("30s").build());
    Decision decision = runToCompletion(spec, 10);

    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(result("spread").measurements).hasSize(5).allSatisfy(m -> {
      assertThat(m.phase).isEqualTo(AnalysisPhase.Error);
      assertThat(m.message).startsWith("successCondition: condition exceeds its evaluation cost limit of 10,000,000");
    });
    assertThat(status.message).startsWith("metric \"spread\" assessed Error: ")
        .contains("condition exceeds its evaluation cost limit");
  }

  /** Issue 13: what a run's status holds from an answer is bounded, however large the answer. */
  @Test
  void largeValuesAndMessagesAreBoundedInTheStatus() {
    double[] many = new double[100_000];
    source.outcome("wide", MeasurementOutcome.value(MetricValue.vector(many)));
    source.outcome("noisy", MeasurementOutcome.failure("prometheus error (execution): " + "e".repeat(1024 * 1024)));
    AnalysisRunSpec spec = run(metric("wide").success("size(result) == 100000").build(),
        metric("noisy").success("result > 0").consecutiveErrorLimit(0).build());
    step(spec);

    assertThat(result("wide").measurements).singleElement().satisfies(m -> {
      assertThat(m.phase).isEqualTo(AnalysisPhase.Successful);
      assertThat(m.value).isEqualTo("[0,0,0,0,0,0,0,0,0,0,...] (100000 values, first 10 shown)");
    });
    assertThat(result("noisy").measurements).singleElement().satisfies(m -> {
      assertThat(m.phase).isEqualTo(AnalysisPhase.Error);
      assertThat(m.message).startsWith("prometheus error (execution): eee").hasSizeLessThanOrEqualTo(1024);
    });
    assertThat(result("noisy").message).hasSizeLessThanOrEqualTo(1024);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(status.message).startsWith("metric \"noisy\" assessed Error").hasSizeLessThanOrEqualTo(1024);
  }

  @Test
  void intervalAndCountAreScheduledByRequeue() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").count(3).build());
    source.values("rate", 1.0);

    Decision first = step(spec);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Running);
    assertThat(result("rate").phase).isEqualTo(AnalysisPhase.Running);
    assertThat(first.requeueAfter()).contains(Duration.ofMinutes(1));

    clock.advance(Duration.ofSeconds(20));
    AnalysisRunStatus beforeEarly = status;
    Decision early = step(spec);
    assertThat(source.count("rate")).isEqualTo(1);
    assertThat(early.changedFrom(beforeEarly)).isFalse();
    assertThat(early.requeueAfter()).contains(Duration.ofSeconds(40));

    clock.advance(Duration.ofSeconds(40));
    step(spec);
    assertThat(source.count("rate")).isEqualTo(2);
    clock.advance(Duration.ofMinutes(1));
    Decision last = step(spec);
    assertThat(source.count("rate")).isEqualTo(3);
    assertThat(last.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").message).isEqualTo("count (3) reached");
  }

  @Test
  void intervalWithoutCountRunsUntilTerminated() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("30s").build());
    source.values("rate", 1.0);
    for (int i = 0; i < 25; i++) {
      Decision decision = step(spec);
      assertThat(decision.completed()).isFalse();
      clock.advance(decision.requeueAfter().orElseThrow());
    }
    assertThat(result("rate").count).isEqualTo(25);

    Specs.terminated(spec);
    Decision terminated = step(spec);
    assertThat(source.count("rate")).isEqualTo(25);
    assertThat(terminated.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(status.message).isEqualTo("run terminated");
    assertThat(result("rate").message).isEqualTo("run terminated after 25 measurements");
  }

  @Test
  void initialDelayPostponesTheFirstMeasurement() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").initialDelay("2m").build());
    source.values("rate", 1.0);

    Decision waiting = step(spec);
    assertThat(source.calls).isEmpty();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Running);
    assertThat(result("rate").phase).isEqualTo(AnalysisPhase.Pending);
    assertThat(waiting.requeueAfter()).contains(Duration.ofMinutes(2));

    clock.advance(Duration.ofSeconds(119));
    assertThat(step(spec).requeueAfter()).contains(Duration.ofSeconds(1));
    assertThat(source.calls).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(step(spec).completed()).isTrue();
    assertThat(source.calls).containsExactly("rate");
    assertThat(result("rate").measurements.get(0).startedAt).isEqualTo("2024-05-01T10:02:00Z");
    assertThat(status.startedAt).isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void errorsAreRetriedAfterTenSecondsWhateverTheInterval() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("5m").count(2).build());
    source.errors("rate", 1).values("rate", 1.0);
    Decision afterError = step(spec);
    assertThat(afterError.requeueAfter()).contains(Duration.ofSeconds(10));
    assertThat(result("rate").measurements.get(0).phase).isEqualTo(AnalysisPhase.Error);
    assertThat(result("rate").measurements.get(0).message).isEqualTo("connection refused");

    clock.advance(Duration.ofSeconds(10));
    Decision afterSuccess = step(spec);
    assertThat(afterSuccess.requeueAfter()).contains(Duration.ofMinutes(5));
    assertThat(result("rate").consecutiveError).isZero();
    assertThat(result("rate").error).isEqualTo(1);
    assertThat(result("rate").count).isEqualTo(1);
  }

  @Test
  void fifthConsecutiveErrorErrorsTheRun() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").build());
    source.errors("rate", 5);
    for (int i = 1; i <= 4; i++) {
      Decision decision = step(spec);
      assertThat(decision.completed()).as("after error " + i).isFalse();
      assertThat(result("rate").consecutiveError).isEqualTo(i);
      clock.advance(decision.requeueAfter().orElseThrow());
    }
    Decision fifth = step(spec);
    assertThat(fifth.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(status.message).isEqualTo("metric \"rate\" assessed Error: consecutiveErrors (5) > "
        + "consecutiveErrorLimit (4): connection refused");
    assertThat(result("rate").count).isZero();
  }

  @Test
  void consecutiveErrorLimitZeroFailsOnTheFirstError() {
    source.errors("rate", 1);
    step(run(metric("rate").success("result >= 0.99").consecutiveErrorLimit(0).build()));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
  }

  @Test
  void errorsInterleavedWithSuccessesNeverReachTheLimit() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("10s").count(6)
        .consecutiveErrorLimit(1).build());
    for (int i = 0; i < 6; i++) {
      source.errors("rate", 1).values("rate", 1.0);
    }
    Decision decision = runToCompletion(spec, 20);
    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").error).isEqualTo(6);
    assertThat(result("rate").successful).isEqualTo(6);
  }

  @Test
  void errorsThenSuccessWithoutIntervalCompletes() {
    source.errors("rate", 2).values("rate", 1.0);
    Decision decision = runToCompletion(run(metric("rate").success("result >= 0.99").build()), 10);
    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").error).isEqualTo(2);
    assertThat(result("rate").measurements).extracting(m -> m.phase)
        .containsExactly(AnalysisPhase.Error, AnalysisPhase.Error, AnalysisPhase.Successful);
  }

  @Test
  void failureLimitToleratesFailuresUpToTheLimit() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").count(5).failureLimit(1)
        .build());
    source.values("rate", 0.1, 1.0, 1.0, 0.1);
    Decision decision = runToCompletion(spec, 10);
    assertThat(decision.completed()).isTrue();
    assertThat(source.count("rate")).isEqualTo(4);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("rate").failed).isEqualTo(2);
  }

  @Test
  void failureLimitNotExceededEndsSuccessful() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").count(3).failureLimit(1)
        .build());
    source.values("rate", 0.1, 1.0, 1.0);
    runToCompletion(spec, 10);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
  }

  @Test
  void neitherConditionTrueIsInconclusive() {
    source.values("rate", 0.03);
    step(run(metric("rate").success("result < 0.01").failure("result > 0.05").build()));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Inconclusive);
    assertThat(result("rate").inconclusive).isEqualTo(1);
  }

  @Test
  void inconclusiveLimit() {
    AnalysisRunSpec spec = run(metric("rate").success("result < 0.01").failure("result > 0.05").interval("1m")
        .count(3).inconclusiveLimit(1).build());
    source.values("rate", 0.03, 0.001, 0.03);
    runToCompletion(spec, 10);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Inconclusive);
    assertThat(source.count("rate")).isEqualTo(3);
  }

  @Test
  void dryRunMetricNeverFailsTheRun() {
    AnalysisRunSpec spec = Specs.dryRun(run(
        metric("experimental").success("result >= 0.99").build(),
        metric("rate").success("result >= 0.99").interval("1m").count(2).build()), "experimental");
    source.values("experimental", 0.1).values("rate", 1.0);

    Decision first = step(spec);
    assertThat(first.completed()).isFalse();
    assertThat(result("experimental").phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("experimental").dryRun).isTrue();
    assertThat(result("rate").dryRun).isNull();

    clock.advance(first.requeueAfter().orElseThrow());
    step(spec);
    assertThat(source.count("rate")).isEqualTo(2);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(status.message).isEqualTo("dry-run metric \"experimental\" assessed Failed: failed (1) > "
        + "failureLimit (0): successCondition is false");
  }

  @Test
  void dryRunSelectorIsARegularExpressionOverWholeNames() {
    AnalysisRunSpec spec = Specs.dryRun(run(
        metric("errors").success("result < 0.01").build(),
        metric("errors-5xx").success("result < 0.01").build()), "errors");
    source.values("errors", 1.0).values("errors-5xx", 0.0);
    step(spec);
    assertThat(result("errors").dryRun).isTrue();
    assertThat(result("errors-5xx").dryRun).isNull();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);

    status = null;
    AnalysisRunSpec all = Specs.dryRun(run(
        metric("a").success("result < 0.01").build(),
        metric("b").success("result < 0.01").build()), ".*");
    source.values("a", 1.0).values("b", 1.0);
    step(all);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(status.message).contains("dry-run metric \"a\" assessed Failed").contains("dry-run metric \"b\"");
  }

  @Test
  void aFailedMetricTerminatesTheOthersInTheSameStep() {
    AnalysisRunSpec spec = run(
        metric("latency").success("result < 0.5").interval("1m").build(),
        metric("rate").success("result >= 0.99").interval("1m").count(10).build(),
        metric("late").success("result >= 0.99").initialDelay("10m").build());
    source.values("latency", 0.1, 0.1, 0.9).values("rate", 1.0);
    Decision decision = runToCompletion(spec, 10);

    assertThat(decision.completed()).isTrue();
    assertThat(source.count("latency")).isEqualTo(3);
    assertThat(source.count("rate")).isEqualTo(3);
    assertThat(source.count("late")).isZero();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("latency").phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("rate").phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").message).isEqualTo("run terminated after 3 measurements");
    assertThat(result("late").phase).isEqualTo(AnalysisPhase.Inconclusive);
    assertThat(status.message).startsWith("metric \"latency\" assessed Failed");
  }

  @Test
  void terminatedBeforeAnyMeasurementIsNeverSuccessful() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").initialDelay("5m").build());
    step(spec);
    Specs.terminated(spec);
    Decision decision = step(spec);
    assertThat(decision.completed()).isTrue();
    assertThat(source.calls).isEmpty();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Inconclusive);
    assertThat(status.message).isEqualTo("run terminated; metric \"rate\" assessed Inconclusive: "
        + "run terminated before the metric was measured");
  }

  @Test
  void terminatedOnTheFirstStepMeasuresNothing() {
    step(Specs.terminated(run(metric("rate").success("result >= 0.99").build())));
    assertThat(source.calls).isEmpty();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Inconclusive);
  }

  @Test
  void terminatedWithOnlyErrorsIsError() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").build());
    source.errors("rate", 3);
    for (int i = 0; i < 3; i++) {
      clock.advance(step(spec).requeueAfter().orElseThrow());
    }
    Specs.terminated(spec);
    step(spec);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(result("rate").message).isEqualTo("run terminated; all 3 measurements errored: connection refused");
  }

  @Test
  void worstPhaseWins() {
    AnalysisRunSpec spec = run(
        metric("a").success("result < 0.01").failure("result > 0.05").build(),
        metric("b").success("result >= 0.99").consecutiveErrorLimit(0).build(),
        metric("c").success("result >= 0.99").build(),
        metric("d").success("result >= 0.99").build());
    source.values("a", 0.03).errors("b", 1).values("c", 0.1).values("d", 1.0);
    step(spec);
    assertThat(result("a").phase).isEqualTo(AnalysisPhase.Inconclusive);
    assertThat(result("b").phase).isEqualTo(AnalysisPhase.Error);
    assertThat(result("c").phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(status.message).startsWith("metric \"c\" assessed Failed");

    status = null;
    source.values("a", 0.03).errors("b", 1);
    step(run(spec.metrics.get(0), spec.metrics.get(1)));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);

    status = null;
    step(run(spec.metrics.get(0), spec.metrics.get(3)));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Inconclusive);
  }

  @Test
  void emptyResultIndexedGivesNoDataErrorsAndThenErrorsTheRun() {
    AnalysisRunSpec spec = run(metric("rate").success("result[0] >= 0.99").build());
    source.outcome("rate", MeasurementOutcome.value(MetricValue.vector()));
    runToCompletion(spec, 10);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(result("rate").measurements).hasSize(5).allSatisfy(m -> {
      assertThat(m.phase).isEqualTo(AnalysisPhase.Error);
      assertThat(m.message).isEqualTo("query returned no data");
      assertThat(m.value).isEqualTo("[]");
    });
    assertThat(status.message).endsWith("consecutiveErrors (5) > consecutiveErrorLimit (4): query returned no data");
  }

  @Test
  void nanWithOnlySuccessConditionFailsTheRun() {
    source.values("rate", Double.NaN);
    step(run(metric("rate").success("result >= 0.99").build()));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("rate").measurements.get(0).message).isEqualTo("query returned NaN; successCondition is false");
  }

  @Test
  void infinityIsAValueLikeAnyOther() {
    source.values("rate", Double.POSITIVE_INFINITY);
    step(run(metric("rate").failure("result > 100").build()));
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(result("rate").measurements.get(0).value).isEqualTo("+Inf");
  }

  @Test
  void defaultRetentionKeepsTheLastTenMeasurements() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.0").interval("1s").count(12).build());
    for (int i = 1; i <= 12; i++) {
      source.values("rate", i);
    }
    runToCompletion(spec, 20);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").count).isEqualTo(12);
    assertThat(result("rate").measurements).extracting(m -> m.value)
        .containsExactly("3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
  }

  @Test
  void retentionRuleSetsTheLimit() {
    AnalysisRunSpec spec = Specs.retention(run(metric("rate").success("result >= 0.0").interval("1s").count(5)
        .build()), "ra.*", 2);
    for (int i = 1; i <= 5; i++) {
      source.values("rate", i);
    }
    runToCompletion(spec, 10);
    assertThat(result("rate").measurements).extracting(m -> m.value).containsExactly("4", "5");
    assertThat(result("rate").successful).isEqualTo(5);
  }

  @Test
  void completedRunIsLeftAlone() {
    source.values("rate", 1.0);
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").build());
    step(spec);
    AnalysisRunStatus done = status;
    clock.advance(Duration.ofHours(1));
    Decision again = step(spec);
    assertThat(source.count("rate")).isEqualTo(1);
    assertThat(again.requeueAfter()).isEmpty();
    assertThat(json(again.status())).isEqualTo(json(done));
    assertThat(again.changedFrom(done)).isFalse();
  }

  @Test
  void invalidSpecErrorsTheRunWithoutMeasuring() {
    Decision decision = step(run(metric("rate").success("result >=").build()));
    assertThat(source.calls).isEmpty();
    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(status.message).startsWith("analysis spec invalid: metric \"rate\": successCondition: neither CEL (1:10:");
  }

  @Test
  void countAndLimitsFromArgumentsAreReadWhenTheRunStarts() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("{{args.every}}")
        .count("{{args.runs}}").failureLimit("{{args.failures}}").build());
    spec.args = List.of(Specs.arg("every", "1m"), Specs.arg("runs", "3"), Specs.arg("failures", "1"));
    source.values("rate", 0.5, 0.999, 0.999);
    Decision decision = runToCompletion(spec, 10);
    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);
    assertThat(result("rate").count).isEqualTo(3);
    assertThat(result("rate").failed).isEqualTo(1);
  }

  @Test
  void aThresholdFromAnArgumentDecidesTheMeasurement() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= {{args.threshold}}").build());
    spec.args = List.of(Specs.arg("threshold", "0.9"));
    source.values("rate", 0.95);
    step(spec);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Successful);

    status = null;
    spec.args = List.of(Specs.arg("threshold", "0.99"));
    source.values("rate", 0.95);
    step(spec);
    assertThat(status.phase).isEqualTo(AnalysisPhase.Failed);
  }

  @Test
  void anArgumentThatIsNotANumberErrorsTheRunWithAMessage() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").count("{{args.runs}}")
        .build());
    spec.args = List.of(Specs.arg("runs", "many"));
    Decision decision = step(spec);
    assertThat(source.calls).isEmpty();
    assertThat(decision.completed()).isTrue();
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(status.message).isEqualTo(
        "analysis spec invalid: metric \"rate\": count: \"many\" is not a whole number (from {{args.runs}})");
  }

  @Test
  void inputStatusIsNeverModified() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").count(3).build());
    source.values("rate", 1.0);
    step(spec);
    AnalysisRunStatus before = status;
    String snapshot = json(before);
    clock.advance(Duration.ofMinutes(1));
    Decision next = evaluator.step(spec, before, clock, source);
    assertThat(json(before)).isEqualTo(snapshot);
    assertThat(next.status()).isNotSameAs(before);
    assertThat(next.changedFrom(before)).isTrue();
    assertThat(next.status().metricResults.get(0).count).isEqualTo(2);
  }

  @Test
  void scheduleAndApplyCanBeUsedSeparately() {
    AnalysisRunSpec spec = run(
        metric("now").success("result >= 0.99").interval("1m").count(2).build(),
        metric("later").success("result >= 0.99").initialDelay("30s").build());
    Schedule schedule = evaluator.schedule(spec, null, T0);
    assertThat(schedule.due()).extracting(m -> m.name).containsExactly("now");
    assertThat(schedule.nextDueAt()).contains(T0.plusSeconds(30));

    Decision decision = evaluator.apply(spec, null, List.of(new TakenMeasurement("now",
        MeasurementOutcome.value(MetricValue.scalar(1.0)), T0, T0.plusMillis(250))), T0.plusMillis(300));
    assertThat(decision.requeueAfter()).contains(Duration.ofMillis(29_700));
    AnalysisRunStatus next = decision.status();
    assertThat(next.startedAt).isEqualTo("2024-05-01T10:00:00Z");
    Measurement measurement = next.metricResults.get(0).measurements.get(0);
    assertThat(measurement.finishedAt).isEqualTo("2024-05-01T10:00:00.250Z");

    Schedule later = evaluator.schedule(spec, next, T0.plusSeconds(30));
    assertThat(later.due()).extracting(m -> m.name).containsExactly("later");
    assertThat(later.nextDueAt()).contains(T0.plusMillis(60_250));
  }

  @Test
  void applyIgnoresMeasurementsOfUnknownOrCompletedMetrics() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").interval("1m").build(),
        metric("once").success("result >= 0.99").build());
    TakenMeasurement once = new TakenMeasurement("once", MeasurementOutcome.value(MetricValue.scalar(1.0)), T0, T0);
    AnalysisRunStatus afterFirst = evaluator.apply(spec, null, List.of(once), T0).status();
    assertThat(afterFirst.metricResults.get(1).phase).isEqualTo(AnalysisPhase.Successful);

    AnalysisRunStatus afterMore = evaluator.apply(spec, afterFirst, List.of(once,
        new TakenMeasurement("ghost", MeasurementOutcome.failure("x"), T0, T0)), T0.plusSeconds(1)).status();
    assertThat(afterMore.metricResults).extracting(r -> r.name).containsExactly("rate", "once");
    assertThat(afterMore.metricResults.get(1).count).isEqualTo(1);
  }

  @Test
  void requeueIsTheEarliestDueMetric() {
    AnalysisRunSpec spec = run(
        metric("slow").success("result >= 0.99").interval("5m").build(),
        metric("fast").success("result >= 0.99").interval("45s").build());
    source.values("slow", 1.0).values("fast", 1.0);
    assertThat(step(spec).requeueAfter()).contains(Duration.ofSeconds(45));
    clock.advance(Duration.ofSeconds(45));
    assertThat(step(spec).requeueAfter()).contains(Duration.ofSeconds(45));
    assertThat(source.count("slow")).isEqualTo(1);
    assertThat(source.count("fast")).isEqualTo(2);
  }

  @Test
  void pendingRunHasResultsForEveryMetricFromTheStart() {
    step(run(metric("a").success("result >= 0.99").initialDelay("1m").build(),
        metric("b").success("result >= 0.99").initialDelay("2m").build()));
    assertThat(status.metricResults).extracting(r -> r.name, r -> r.phase, r -> r.count)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", AnalysisPhase.Pending, 0),
            org.assertj.core.groups.Tuple.tuple("b", AnalysisPhase.Pending, 0));
  }

  @Test
  void measurementTimesComeFromTheClock() {
    AnalysisRunSpec spec = run(metric("rate").success("result >= 0.99").build());
    Decision decision = evaluator.step(spec, null, clock, metric -> {
      clock.advance(Duration.ofMillis(1500));
      return MeasurementOutcome.value(MetricValue.scalar(1.0));
    });
    Measurement measurement = decision.status().metricResults.get(0).measurements.get(0);
    assertThat(measurement.startedAt).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(measurement.finishedAt).isEqualTo("2024-05-01T10:00:01.500Z");
    assertThat(Optional.ofNullable(decision.status().startedAt)).contains("2024-05-01T10:00:00Z");
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
