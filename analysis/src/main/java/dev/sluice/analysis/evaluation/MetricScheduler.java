package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a metric's next measurement is due (Argo Rollouts' rules): the first at the run's start plus initialDelay;
 * after an Error, {@link AnalysisEvaluator#ERROR_RETRY_INTERVAL} after it finished; otherwise one interval after the
 * last finished. Nothing is due for a completed metric or one whose count is reached.
 */
final class MetricScheduler {
  private MetricScheduler() {
  }

  static Optional<Instant> dueAt(MetricPolicy policy, MetricResult result, Instant runStartedAt) {
    if (result.phase != null && result.phase.completed()) {
      return Optional.empty();
    }
    if (policy.count() != null && MetricAssessor.n(result.count) >= policy.count()) {
      return Optional.empty();
    }
    Measurement last = last(result.measurements);
    if (last == null) {
      return Optional.of(runStartedAt.plus(policy.initialDelay()));
    }
    Instant finished = Timestamps.parse(last.finishedAt);
    if (finished == null) {
      finished = Timestamps.parse(last.startedAt);
    }
    if (finished == null) {
      // A measurement without readable times: measure again rather than stall.
      return Optional.of(runStartedAt);
    }
    Duration wait = last.phase == AnalysisPhase.Error ? AnalysisEvaluator.ERROR_RETRY_INTERVAL
        : policy.interval() == null ? Duration.ZERO : policy.interval();
    return Optional.of(finished.plus(wait));
  }

  private static Measurement last(List<Measurement> measurements) {
    return measurements == null || measurements.isEmpty() ? null : measurements.get(measurements.size() - 1);
  }
}
