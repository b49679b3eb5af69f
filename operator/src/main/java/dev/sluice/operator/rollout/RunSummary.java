package dev.sluice.operator.rollout;

import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import java.util.ArrayList;
import java.util.List;

/** What a person needs to know about an AnalysisRun's outcome: its message and each deciding metric's last value. */
final class RunSummary {
  private RunSummary() {
  }

  static String of(AnalysisRun run) {
    if (run.getStatus() == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    if (run.getStatus().metricResults != null) {
      for (MetricResult metric : run.getStatus().metricResults) {
        boolean deciding = metric.phase == AnalysisPhase.Failed || metric.phase == AnalysisPhase.Error
            || metric.phase == AnalysisPhase.Inconclusive;
        if (deciding && metric.measurements != null && !metric.measurements.isEmpty()) {
          Measurement last = metric.measurements.get(metric.measurements.size() - 1);
          values.add(metric.name + " = " + (last.value != null ? last.value : last.message));
        }
      }
    }
    String message = run.getStatus().message == null ? "" : run.getStatus().message;
    // Each part is bounded already; several metrics together are bounded again, for the Rollout's status and Events.
    return StatusText.message(values.isEmpty() ? message : message + " (last value: " + String.join(", ", values) + ")");
  }
}
