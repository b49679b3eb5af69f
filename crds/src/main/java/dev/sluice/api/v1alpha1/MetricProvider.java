package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.prometheus)", message = "a provider is required (prometheus)")
public class MetricProvider {
  public PrometheusMetric prometheus;
}
