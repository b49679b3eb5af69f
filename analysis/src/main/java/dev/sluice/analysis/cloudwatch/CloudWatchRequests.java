package dev.sluice.analysis.cloudwatch;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import dev.sluice.api.v1alpha1.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The GetMetricData request of one measurement: Argo's {@code metricDataQueries} with the run's arguments placed in
 * every string, over the window from {@code now - interval} to now, oldest point first.
 */
final class CloudWatchRequests {
  private CloudWatchRequests() {
  }

  static GetMetricDataRequest build(CloudWatchMetric spec, Map<String, String> args, Instant now,
      Duration defaultInterval) throws ArgumentException {
    String intervalText = ArgTemplate.substitute("interval", spec.interval, args);
    Duration interval = intervalText == null || intervalText.isBlank() ? defaultInterval : Durations.parse(intervalText);
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    List<MetricDataQuery> queries = new ArrayList<>();
    List<CloudWatchMetric.MetricDataQuery> specs = spec.metricDataQueries == null ? List.of()
        : spec.metricDataQueries;
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("metricDataQueries is empty");
    }
    for (int i = 0; i < specs.size(); i++) {
      queries.add(query(specs.get(i), "metricDataQueries[" + i + "]", args));
    }
    return GetMetricDataRequest.builder()
        .startTime(now.minus(interval))
        .endTime(now)
        .scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .metricDataQueries(queries)
        .build();
  }

  private static MetricDataQuery query(CloudWatchMetric.MetricDataQuery spec, String at, Map<String, String> args)
      throws ArgumentException {
    MetricDataQuery.Builder query = MetricDataQuery.builder()
        .id(place(at + ".id", spec.id, args))
        .expression(place(at + ".expression", spec.expression, args))
        .label(place(at + ".label", spec.label, args))
        .period(period(at + ".period", spec.period, args))
        .returnData(spec.returnData);
    CloudWatchMetric.MetricStat stat = spec.metricStat;
    if (stat != null) {
      String statAt = at + ".metricStat";
      Metric.Builder metric = Metric.builder();
      if (stat.metric != null) {
        List<Dimension> dimensions = new ArrayList<>();
        for (CloudWatchMetric.Dimension dimension : stat.metric.dimensions == null
            ? List.<CloudWatchMetric.Dimension>of() : stat.metric.dimensions) {
          dimensions.add(Dimension.builder()
              .name(place(statAt + ".metric.dimensions.name", dimension.name, args))
              .value(place(statAt + ".metric.dimensions.value", dimension.value, args))
              .build());
        }
        metric.namespace(place(statAt + ".metric.namespace", stat.metric.namespace, args))
            .metricName(place(statAt + ".metric.metricName", stat.metric.metricName, args))
            .dimensions(dimensions);
      }
      query.metricStat(MetricStat.builder()
          .metric(metric.build())
          .period(period(statAt + ".period", stat.period, args))
          .stat(place(statAt + ".stat", stat.stat, args))
          .unit(place(statAt + ".unit", stat.unit, args))
          .build());
    }
    return query.build();
  }

  private static String place(String field, String text, Map<String, String> args) throws ArgumentException {
    return ArgTemplate.substitute(field, text, args);
  }

  private static Integer period(String field, String text, Map<String, String> args) throws ArgumentException {
    String placed = place(field, text, args);
    if (placed == null) {
      return null;
    }
    Integer seconds = Periods.seconds(placed);
    if (seconds == null || !Periods.valid(seconds)) {
      throw new IllegalArgumentException(field + " must be 1, 5, 10, 30 or a multiple of 60 seconds, got \""
          + placed + "\"");
    }
    return seconds;
  }
}
