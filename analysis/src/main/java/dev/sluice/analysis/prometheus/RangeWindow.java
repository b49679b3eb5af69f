package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The absolute window of a range query: {@code start}/{@code end} are offsets from now ({@link RangeTimes}: "now-5m"
 * or Argo's {@code now() - duration("5m")}), with {@code {{args.NAME}}} replaced by the run's arguments.
 */
record RangeWindow(Instant start, Instant end, Duration step) {

  static RangeWindow resolve(PrometheusMetric.RangeQuery range, Map<String, String> args, Instant now) {
    Instant start = now.plus(RangeTimes.offset("start", substitute("start", range.start, args)));
    Instant end = range.end == null || range.end.isBlank() ? now
        : now.plus(RangeTimes.offset("end", substitute("end", range.end, args)));
    if (range.step == null) {
      throw new IllegalArgumentException("rangeQuery.step is required");
    }
    Duration step = Durations.parse(range.step);
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("rangeQuery.step must be positive");
    }
    if (start.isAfter(end)) {
      throw new IllegalArgumentException("rangeQuery.start (" + range.start + ") is after rangeQuery.end ("
          + (range.end == null ? "now" : range.end) + ")");
    }
    return new RangeWindow(start, end, step);
  }

  private static String substitute(String field, String text, Map<String, String> args) {
    try {
      return text == null ? null : ArgTemplate.substitute(text, args);
    } catch (ArgumentException e) {
      throw new IllegalArgumentException("rangeQuery." + field + ": " + e.getMessage());
    }
  }
}
