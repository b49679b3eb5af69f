package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** Names a metric of the template (dryRun). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricSelector {
  @Required
  public String metricName;
}
