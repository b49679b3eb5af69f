package dev.sluice.kubectl.view;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.view.RolloutView.AnalysisRunView;
import dev.sluice.kubectl.view.RolloutView.MetricView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An AnalysisRun as the tree shows it: its phase and each metric's phase and last values. */
final class AnalysisViews {
  /** How many of a metric's latest measurements are shown. */
  static final int LAST_VALUES = 3;

  private AnalysisViews() {
  }

  static AnalysisRunView of(AnalysisRun run, Set<String> currentNames) {
    var status = run.getStatus();
    List<MetricView> metrics = new ArrayList<>();
    if (status != null && status.metricResults != null) {
      status.metricResults.forEach(m -> metrics.add(metric(m)));
    }
    String name = run.getMetadata().getName();
    return new AnalysisRunView(name, run.getMetadata().getCreationTimestamp(),
        status == null || status.phase == null ? "Pending" : status.phase.name(), status == null ? null : status.message,
        currentNames.contains(name), Ownership.label(run, Contract.POD_TEMPLATE_HASH), metrics);
  }

  static MetricView metric(MetricResult result) {
    List<Measurement> measurements = result.measurements == null ? List.of() : result.measurements;
    List<String> last = measurements.subList(Math.max(0, measurements.size() - LAST_VALUES), measurements.size()).stream()
        .map(m -> m.value != null ? m.value : m.phase != null ? m.phase.name() : "?").toList();
    return new MetricView(result.name, result.phase == null ? "Pending" : result.phase.name(), last,
        count(result.successful), count(result.failed), count(result.inconclusive), count(result.error), result.message);
  }

  private static int count(Integer n) {
    return n == null ? 0 : n;
  }
}
