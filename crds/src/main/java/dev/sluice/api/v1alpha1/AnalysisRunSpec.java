package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunSpec {
  @Required
  @Size(min = 1, max = 50)
  public List<Metric> metrics;

  @Size(max = 50)
  public List<Argument> args;

  @JsonPropertyDescription("Set to true to stop taking measurements; the run ends with what it has.")
  public Boolean terminate;

  @Size(max = 50)
  public List<MetricSelector> dryRun;

  @Size(max = 50)
  public List<MeasurementRetention> measurementRetention;
}
