package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one provider per metric: a new provider is one field here and one term in the rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.prometheus), has(self.web), has(self.job), has(self.cloudWatch),"
    + " has(self.graphite), has(self.datadog), has(self.newRelic), has(self.influxdb), has(self.wavefront)]"
    + ".filter(p, p).size() == 1",
    message = "a metric needs exactly one provider (prometheus, web, job, cloudWatch, graphite, datadog, newRelic,"
    + " influxdb or wavefront)")
public class MetricProvider {
  public PrometheusMetric prometheus;
  public WebMetric web;
  public JobMetric job;
  public CloudWatchMetric cloudWatch;
  public GraphiteMetric graphite;
  public DatadogMetric datadog;
  public NewRelicMetric newRelic;
  public InfluxdbMetric influxdb;
  public WavefrontMetric wavefront;
}
