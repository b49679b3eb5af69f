package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** How many measurements of a metric the run keeps in its status (default 10; 0 means the default, as in Argo). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MeasurementRetention {
  @Required
  public String metricName;

  @Required
  @Min(0)
  @com.fasterxml.jackson.annotation.JsonPropertyDescription("Measurements kept; 0 keeps the default 10, as Argo Rollouts does.")
  public Integer limit;
}
