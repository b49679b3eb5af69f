package dev.sluice.analysis.cloudwatch;

import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code cloudWatch} provider's spec, and what of it can be checked before calling GetMetricData. */
public final class CloudWatchChecks implements ProviderChecks<CloudWatchMetric> {
  /** Argo's CloudWatch conditions index the raw answer: {@code result[0].Values}. */
  @Override
  public Results results() {
    return Results.ROWS;
  }

  /** GetMetricData's rule for an id. */
  private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
  /** GetMetricData refuses more queries in one call. */
  static final int MAX_QUERIES = 500;

  @Override
  public String name() {
    return "cloudWatch";
  }

  @Override
  public CloudWatchMetric spec(MetricProvider provider) {
    return provider.cloudWatch;
  }

  @Override
  public void check(CloudWatchMetric spec, SpecProblems problems) {
    problems.placed("cloudWatch.interval", spec.interval)
        .ifPresent(interval -> problems.duration("cloudWatch.interval", interval));
    List<CloudWatchMetric.MetricDataQuery> queries = spec.metricDataQueries == null ? List.of()
        : spec.metricDataQueries;
    if (queries.isEmpty()) {
      problems.add("cloudWatch.metricDataQueries needs at least one query");
      return;
    }
    if (queries.size() > MAX_QUERIES) {
      problems.add("cloudWatch.metricDataQueries has " + queries.size() + " queries; GetMetricData takes at most "
          + MAX_QUERIES);
    }
    Set<String> ids = new HashSet<>();
    int returning = 0;
    for (int i = 0; i < queries.size(); i++) {
      CloudWatchMetric.MetricDataQuery query = queries.get(i);
      String at = "cloudWatch.metricDataQueries[" + i + "]";
      checkQuery(query, at, problems);
      if (query.id != null && !ids.add(query.id)) {
        problems.add(at + ".id \"" + query.id + "\" is used twice");
      }
      if (!Boolean.FALSE.equals(query.returnData)) {
        returning++;
      }
    }
    if (returning != 1) {
      problems.add("cloudWatch.metricDataQueries: " + returning + " queries return data; exactly one must (its"
          + " values are the result): set returnData: false on the others");
    }
  }

  private static void checkQuery(CloudWatchMetric.MetricDataQuery query, String at, SpecProblems problems) {
    if (query.id == null || query.id.isBlank()) {
      problems.add(at + ".id is required");
    } else if (!query.id.contains("{{") && !ID.matcher(query.id).matches()) {
      problems.add(at + ".id \"" + query.id + "\" must start with a lowercase letter and hold only letters, digits"
          + " and _");
    } else {
      problems.declaredArgs(at + ".id", query.id);
    }
    if ((query.expression == null) == (query.metricStat == null)) {
      problems.add(at + " needs exactly one of expression and metricStat");
    }
    problems.declaredArgs(at + ".expression", query.expression);
    problems.declaredArgs(at + ".label", query.label);
    period(at + ".period", query.period, problems);
    CloudWatchMetric.MetricStat stat = query.metricStat;
    if (stat == null) {
      return;
    }
    String statAt = at + ".metricStat";
    if (stat.period == null) {
      problems.add(statAt + ".period is required (seconds: 1, 5, 10, 30 or a multiple of 60)");
    } else {
      period(statAt + ".period", stat.period, problems);
    }
    if (stat.stat == null || stat.stat.isBlank()) {
      problems.add(statAt + ".stat is required, e.g. Sum, Average or p99");
    }
    problems.declaredArgs(statAt + ".stat", stat.stat);
    problems.declaredArgs(statAt + ".unit", stat.unit);
    if (stat.metric == null) {
      problems.add(statAt + ".metric is required");
      return;
    }
    if (stat.metric.namespace == null || stat.metric.namespace.isBlank()) {
      problems.add(statAt + ".metric.namespace is required");
    }
    if (stat.metric.metricName == null || stat.metric.metricName.isBlank()) {
      problems.add(statAt + ".metric.metricName is required");
    }
    problems.declaredArgs(statAt + ".metric.namespace", stat.metric.namespace);
    problems.declaredArgs(statAt + ".metric.metricName", stat.metric.metricName);
    List<CloudWatchMetric.Dimension> dimensions = stat.metric.dimensions == null ? List.of() : stat.metric.dimensions;
    for (int d = 0; d < dimensions.size(); d++) {
      problems.declaredArgs(statAt + ".metric.dimensions[" + d + "].name", dimensions.get(d).name);
      problems.declaredArgs(statAt + ".metric.dimensions[" + d + "].value", dimensions.get(d).value);
    }
  }

  /** A period in seconds, once its arguments are placed: CloudWatch takes 1, 5, 10, 30 or a multiple of 60. */
  private static void period(String field, String text, SpecProblems problems) {
    problems.placed(field, text).ifPresent(placed -> {
      Integer seconds = Periods.seconds(placed);
      if (seconds == null) {
        problems.add(field + " must be a whole number of seconds, got \"" + placed + "\"");
      } else if (!Periods.valid(seconds)) {
        problems.add(field + " must be 1, 5, 10, 30 or a multiple of 60 seconds, got " + seconds);
      }
    });
  }
}
