package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricResult {
  public String name;
  public AnalysisPhase phase;
  public String message;
  public Boolean dryRun;
  public Integer count;
  public Integer successful;
  public Integer failed;
  public Integer inconclusive;
  public Integer error;
  public Integer consecutiveError;
  @JsonPropertyDescription("Successful measurements in a row (reset by any other phase), for consecutiveSuccessLimit.")
  public Integer consecutiveSuccess;
  public List<Measurement> measurements;
}
