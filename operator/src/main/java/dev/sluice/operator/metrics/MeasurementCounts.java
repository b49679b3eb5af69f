package dev.sluice.operator.metrics;

import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.MetricResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements an AnalysisRun status write adds, by metric and phase. Read from the per-metric counters, not
 * the measurement list, which measurementRetention trims.
 */
final class MeasurementCounts {
  private MeasurementCounts() {
  }

  /** @return "metric/phase" -> number of measurements added between the two statuses (only positive entries) */
  static Map<String, Integer> added(AnalysisRunStatus before, AnalysisRunStatus after) {
    Map<String, Integer> added = new LinkedHashMap<>();
    if (after == null || after.metricResults == null) {
      return added;
    }
    for (MetricResult now : after.metricResults) {
      MetricResult then = find(before == null ? null : before.metricResults, now.name);
      put(added, now.name, "Successful", count(now.successful) - (then == null ? 0 : count(then.successful)));
      put(added, now.name, "Failed", count(now.failed) - (then == null ? 0 : count(then.failed)));
      put(added, now.name, "Inconclusive", count(now.inconclusive) - (then == null ? 0 : count(then.inconclusive)));
      put(added, now.name, "Error", count(now.error) - (then == null ? 0 : count(then.error)));
    }
    return added;
  }

  private static void put(Map<String, Integer> added, String metric, String phase, int delta) {
    if (delta > 0) {
      added.put(metric + "/" + phase, delta);
    }
  }

  private static MetricResult find(List<MetricResult> results, String name) {
    if (results == null) {
      return null;
    }
    return results.stream().filter(r -> r.name != null && r.name.equals(name)).findFirst().orElse(null);
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }
}
