package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.condition.Condition;
import dev.sluice.api.v1alpha1.Metric;
import java.time.Duration;

/**
 * A metric's settings with Argo Rollouts' defaults applied and conditions compiled.
 *
 * @param interval      time between measurements; null when the metric is measured once (or {@code count} times
 *                      back to back, which validation forbids for count above 1)
 * @param count         measurements to take; null means until the run is terminated (interval without count)
 * @param failureLimit  failed measurements tolerated; -1 for no limit
 * @param consecutiveSuccessLimit successful measurements in a row that make the metric Successful; 0 when not used
 * @param successCondition null when absent
 * @param failureCondition null when absent
 */
record MetricPolicy(
    Metric metric,
    Duration interval,
    Duration initialDelay,
    Integer count,
    int failureLimit,
    int consecutiveSuccessLimit,
    int inconclusiveLimit,
    int consecutiveErrorLimit,
    boolean dryRun,
    int retention,
    Condition successCondition,
    Condition failureCondition) {

  static final int DEFAULT_FAILURE_LIMIT = 0;
  static final int DEFAULT_INCONCLUSIVE_LIMIT = 0;
  static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;
  static final int DEFAULT_RETENTION = 10;

  String name() {
    return metric.name;
  }
}
