package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.successCondition) || has(self.failureCondition) || (has(self.provider) && has(self.provider.job))",
    message = "a metric needs successCondition, failureCondition or both (a job metric needs neither)")
@ValidationRule(value = "!has(self.count) || self.count <= 1 || has(self.interval)",
    message = "count above 1 needs an interval", fieldPath = ".interval")
public class Metric {
  @Required
  @Size(max = 63)
  @Pattern("^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$")
  public String name;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Time between measurements. Without count, measurements go on until the run is terminated.")
  public String interval;

  @Pattern(Durations.PATTERN)
  public String initialDelay;

  @Min(0)
  @JsonPropertyDescription("Number of measurements. Defaults to 1 without interval.")
  public Integer count;

  @JsonPropertyDescription("CEL expression over `result`; true means the measurement succeeded.")
  public String successCondition;

  @JsonPropertyDescription("CEL expression over `result`; true means the measurement failed.")
  public String failureCondition;

  @Min(0)
  public Integer failureLimit;

  @Min(0)
  public Integer inconclusiveLimit;

  @Min(0)
  @JsonPropertyDescription("Consecutive errors before the metric is Error. Defaults to 4.")
  public Integer consecutiveErrorLimit;

  @Required
  public MetricProvider provider;
}
