package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MeasurementSource;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.v1alpha1.Metric;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Returns queued outcomes per metric (the last one repeats) and records which metrics were measured. */
final class ScriptedSource implements MeasurementSource {
  private final Map<String, Deque<MeasurementOutcome>> outcomes = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  ScriptedSource values(String metric, double... values) {
    for (double value : values) {
      outcomes.computeIfAbsent(metric, k -> new ArrayDeque<>()).add(MeasurementOutcome.value(MetricValue.scalar(value)));
    }
    return this;
  }

  ScriptedSource outcome(String metric, MeasurementOutcome outcome) {
    outcomes.computeIfAbsent(metric, k -> new ArrayDeque<>()).add(outcome);
    return this;
  }

  ScriptedSource errors(String metric, int times) {
    for (int i = 0; i < times; i++) {
      outcome(metric, MeasurementOutcome.failure("connection refused"));
    }
    return this;
  }

  @Override
  public MeasurementOutcome measure(Metric metric) {
    calls.add(metric.name);
    Deque<MeasurementOutcome> queue = outcomes.get(metric.name);
    if (queue == null || queue.isEmpty()) {
      throw new AssertionError("no outcome scripted for " + metric.name);
    }
    return queue.size() == 1 ? queue.peek() : queue.poll();
  }

  long count(String metric) {
    return calls.stream().filter(metric::equals).count();
  }
}
