package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionEvaluationException;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import java.util.ArrayList;
import java.util.List;

/**
 * The phase of one measurement, from its outcome and the metric's conditions (Argo Rollouts' table):
 *
 * <pre>
 * successCondition only:  true -> Successful, false -> Failed
 * failureCondition only:  true -> Failed,     false -> Successful
 * both:                   failure true -> Failed; else success true -> Successful; else Inconclusive
 * provider failure or a condition that cannot be evaluated -> Error
 * provider decided (a Job): passed -> Successful, else Failed; conditions are not consulted
 * </pre>
 *
 * NaN compares false with everything, so with only a successCondition a NaN result is Failed, and with only a
 * failureCondition it is Successful; the measurement's message says the query returned NaN either way.
 */
final class MeasurementAssessor {
  record Verdict(AnalysisPhase phase, String value, String message) {
  }

  private MeasurementAssessor() {
  }

  static Verdict assess(MetricPolicy policy, MeasurementOutcome outcome) {
    if (outcome instanceof MeasurementOutcome.Failure failure) {
      return new Verdict(AnalysisPhase.Error, null, failure.message());
    }
    if (outcome instanceof MeasurementOutcome.Decided decided) {
      return new Verdict(decided.passed() ? AnalysisPhase.Successful : AnalysisPhase.Failed, decided.value(),
          decided.message());
    }
    if (outcome instanceof MeasurementOutcome.Pending) {
      throw new IllegalArgumentException("a pending measurement is not assessed; it is asked for again");
    }
    MetricValue value = ((MeasurementOutcome.Value) outcome).value();
    List<String> notes = new ArrayList<>(2);
    if (value.isEmpty()) {
      notes.add(ConditionEvaluationException.NO_DATA);
    } else if (value.hasNaN()) {
      notes.add("query returned NaN");
    }
    Boolean success;
    Boolean failure;
    try {
      success = evaluate("successCondition", policy.successCondition(), value);
      failure = evaluate("failureCondition", policy.failureCondition(), value);
    } catch (Evaluation e) {
      return new Verdict(AnalysisPhase.Error, value.display(), e.getMessage());
    }
    AnalysisPhase phase;
    if (success != null && failure == null) {
      phase = success ? AnalysisPhase.Successful : AnalysisPhase.Failed;
      if (!success) {
        notes.add("successCondition is false");
      }
    } else if (success == null && failure != null) {
      phase = failure ? AnalysisPhase.Failed : AnalysisPhase.Successful;
      if (failure) {
        notes.add("failureCondition is true");
      }
    } else if (success != null) {
      if (failure) {
        phase = AnalysisPhase.Failed;
        notes.add("failureCondition is true");
      } else if (success) {
        phase = AnalysisPhase.Successful;
      } else {
        phase = AnalysisPhase.Inconclusive;
        notes.add("neither successCondition nor failureCondition is true");
      }
    } else {
      // Validation requires a condition; a plan without one never gets here.
      throw new IllegalStateException("metric \"" + policy.name() + "\" has no condition");
    }
    return new Verdict(phase, value.display(), notes.isEmpty() ? null : String.join("; ", notes));
  }

  private static Boolean evaluate(String field, Condition condition, MetricValue value) throws Evaluation {
    if (condition == null) {
      return null;
    }
    try {
      return condition.evaluate(value);
    } catch (ConditionEvaluationException e) {
      // "query returned no data" stands alone; other errors say which condition failed.
      throw new Evaluation(e.isNoData() ? e.getMessage() : field + ": " + e.getMessage());
    }
  }

  private static final class Evaluation extends Exception {
    Evaluation(String message) {
      super(message, null, false, false);
    }
  }
}
