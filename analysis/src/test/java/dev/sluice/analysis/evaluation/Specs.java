package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.MeasurementRetention;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.MetricSelector;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builders for specs in tests. */
final class Specs {
  private Specs() {
  }

  static MetricBuilder metric(String name) {
    return new MetricBuilder(name);
  }

  static AnalysisRunSpec run(Metric... metrics) {
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.metrics = new ArrayList<>(Arrays.asList(metrics));
    return spec;
  }

  static AnalysisRunSpec dryRun(AnalysisRunSpec spec, String... selectors) {
    spec.dryRun = Arrays.stream(selectors).map(s -> {
      MetricSelector selector = new MetricSelector();
      selector.metricName = s;
      return selector;
    }).toList();
    return spec;
  }

  static AnalysisRunSpec retention(AnalysisRunSpec spec, String selector, int limit) {
    MeasurementRetention rule = new MeasurementRetention();
    rule.metricName = selector;
    rule.limit = limit;
    spec.measurementRetention = List.of(rule);
    return spec;
  }

  static AnalysisRunSpec terminated(AnalysisRunSpec spec) {
    spec.terminate = true;
    return spec;
  }

  static Argument arg(String name, String value) {
    Argument arg = new Argument();
    arg.name = name;
    arg.value = value;
    return arg;
  }

  static final class MetricBuilder {
    private final Metric metric = new Metric();

    MetricBuilder(String name) {
      metric.name = name;
      metric.provider = new MetricProvider();
      metric.provider.prometheus = new PrometheusMetric();
      metric.provider.prometheus.address = "http://prometheus:9090";
      metric.provider.prometheus.query = "up";
    }

    MetricBuilder success(String expression) {
      metric.successCondition = expression;
      return this;
    }

    MetricBuilder failure(String expression) {
      metric.failureCondition = expression;
      return this;
    }

    MetricBuilder interval(String interval) {
      metric.interval = interval;
      return this;
    }

    MetricBuilder initialDelay(String delay) {
      metric.initialDelay = delay;
      return this;
    }

    MetricBuilder count(Integer count) {
      metric.count = count == null ? null : count.toString();
      return this;
    }

    /** The field as a string: a number ("3") or an argument reference ("{{args.n}}"). */
    MetricBuilder count(String count) {
      metric.count = count;
      return this;
    }

    MetricBuilder failureLimit(Integer limit) {
      metric.failureLimit = limit == null ? null : limit.toString();
      return this;
    }

    /** The field as a string: a number ("3") or an argument reference ("{{args.n}}"). */
    MetricBuilder failureLimit(String limit) {
      metric.failureLimit = limit;
      return this;
    }

    MetricBuilder inconclusiveLimit(Integer limit) {
      metric.inconclusiveLimit = limit == null ? null : limit.toString();
      return this;
    }

    /** The field as a string: a number ("3") or an argument reference ("{{args.n}}"). */
    MetricBuilder inconclusiveLimit(String limit) {
      metric.inconclusiveLimit = limit;
      return this;
    }

    MetricBuilder consecutiveErrorLimit(Integer limit) {
      metric.consecutiveErrorLimit = limit == null ? null : limit.toString();
      return this;
    }

    /** The field as a string: a number ("3") or an argument reference ("{{args.n}}"). */
    MetricBuilder consecutiveErrorLimit(String limit) {
      metric.consecutiveErrorLimit = limit;
      return this;
    }

    MetricBuilder query(String query) {
      metric.provider.prometheus.query = query;
      return this;
    }

    Metric build() {
      return metric;
    }
  }
}
