package dev.sluice.analysis.prometheus;

import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.time.Duration;
import java.time.Instant;

/** The absolute window of a range query: {@code start}/{@code end} are "now" minus offsets ("now-5m", "now-1h30m"). */
record RangeWindow(Instant start, Instant end, Duration step) {

  static RangeWindow resolve(PrometheusMetric.RangeQuery range, Instant now) {
    Instant start = now.minus(offset("start", range.start));
    Instant end = range.end == null || range.end.isBlank() ? now : now.minus(offset("end", range.end));
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

  static Duration offset(String field, String text) {
    if (text == null || !text.startsWith("now")) {
      throw new IllegalArgumentException("rangeQuery." + field + " must be \"now\" or \"now-<duration>\", got \"" + text + "\"");
    }
    String rest = text.substring(3);
    Duration total = Duration.ZERO;
    if (rest.isEmpty()) {
      return total;
    }
    if (!rest.startsWith("-") || rest.endsWith("-")) {
      throw new IllegalArgumentException("rangeQuery." + field + " must be \"now\" or \"now-<duration>\", got \"" + text + "\"");
    }
    for (String part : rest.substring(1).split("-")) {
      try {
        total = total.plus(Durations.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rangeQuery." + field + ": " + e.getMessage());
      }
    }
    return total;
  }
}
