package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import java.util.List;

/**
 * The phase of a metric from its counters, as in Argo Rollouts (limits are exceeded strictly: with the default
 * consecutiveErrorLimit of 4 the fifth error in a row makes the metric Error):
 *
 * <pre>
 * failed           > failureLimit          -> Failed (failureLimit -1: never)
 * inconclusive     > inconclusiveLimit     -> Inconclusive
 * consecutiveError > consecutiveErrorLimit -> Error
 * consecutiveSuccess >= consecutiveSuccessLimit (when above 0) -> Successful
 * count reached (errors do not count)      -> Successful; with a consecutiveSuccessLimit not reached:
 *                                             Inconclusive if failureLimit applies, else Failed
 * </pre>
 *
 * When the run is terminating, a metric that is not complete ends with what it has. Unlike Argo, which calls that
 * Successful even with no measurement at all, it is Successful only when at least one measurement was; with none it
 * is Inconclusive, and with nothing but errors it is Error.
 */
final class MetricAssessor {
  record Assessment(AnalysisPhase phase, String message) {
  }

  private MetricAssessor() {
  }

  static Assessment assess(MetricPolicy policy, MetricResult result, boolean terminating) {
    if (result.phase != null && result.phase.completed()) {
      return new Assessment(result.phase, result.message);
    }
    int failed = n(result.failed);
    int inconclusive = n(result.inconclusive);
    int consecutiveError = n(result.consecutiveError);
    String last = lastMessage(result);
    // failureLimit -1: no limit (Argo Rollouts), with a consecutiveSuccessLimit to end the metric.
    if (policy.failureLimit() >= 0 && failed > policy.failureLimit()) {
      return new Assessment(AnalysisPhase.Failed,
          withDetail("failed (" + failed + ") > failureLimit (" + policy.failureLimit() + ")", last));
    }
    if (inconclusive > policy.inconclusiveLimit()) {
      return new Assessment(AnalysisPhase.Inconclusive, withDetail(
          "inconclusive (" + inconclusive + ") > inconclusiveLimit (" + policy.inconclusiveLimit() + ")", last));
    }
    if (consecutiveError > policy.consecutiveErrorLimit()) {
      return new Assessment(AnalysisPhase.Error, withDetail("consecutiveErrors (" + consecutiveError
          + ") > consecutiveErrorLimit (" + policy.consecutiveErrorLimit() + ")", last));
    }
    int successLimit = policy.consecutiveSuccessLimit();
    if (successLimit > 0 && n(result.consecutiveSuccess) >= successLimit) {
      return new Assessment(AnalysisPhase.Successful,
          "consecutiveSuccessLimit (" + successLimit + ") reached");
    }
    if (policy.count() != null && n(result.count) >= policy.count()) {
      if (successLimit > 0 && policy.failureLimit() >= 0) {
        return new Assessment(AnalysisPhase.Inconclusive, "count (" + policy.count() + ") reached without "
            + successLimit + " successful measurements in a row, failureLimit (" + policy.failureLimit()
            + ") not exceeded");
      }
      if (successLimit > 0) {
        return new Assessment(AnalysisPhase.Failed, withDetail("count (" + policy.count() + ") reached without "
            + successLimit + " successful measurements in a row", last));
      }
      return new Assessment(AnalysisPhase.Successful, "count (" + policy.count() + ") reached");
    }
    if (terminating) {
      return terminated(result, last);
    }
    if (n(result.count) + n(result.error) == 0) {
      return new Assessment(AnalysisPhase.Pending, null);
    }
    return new Assessment(AnalysisPhase.Running, last);
  }

  private static Assessment terminated(MetricResult result, String last) {
    int successful = n(result.successful);
    int measured = n(result.count);
    int errors = n(result.error);
    if (measured + errors == 0) {
      return new Assessment(AnalysisPhase.Inconclusive, "run terminated before the metric was measured");
    }
    if (successful > 0) {
      return new Assessment(AnalysisPhase.Successful, "run terminated after " + measured + " measurement"
          + (measured == 1 ? "" : "s"));
    }
    if (measured == 0) {
      return new Assessment(AnalysisPhase.Error,
          withDetail("run terminated; all " + errors + " measurement" + (errors == 1 ? "" : "s") + " errored", last));
    }
    return new Assessment(AnalysisPhase.Inconclusive,
        withDetail("run terminated without a successful measurement", last));
  }

  private static String lastMessage(MetricResult result) {
    List<Measurement> measurements = result.measurements;
    if (measurements == null || measurements.isEmpty()) {
      return null;
    }
    return measurements.get(measurements.size() - 1).message;
  }

  private static String withDetail(String message, String detail) {
    return detail == null || detail.isBlank() ? message : message + ": " + detail;
  }

  static int n(Integer value) {
    return value == null ? 0 : value;
  }
}
