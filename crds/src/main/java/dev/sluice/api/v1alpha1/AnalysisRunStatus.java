package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunStatus {
  public AnalysisPhase phase;
  public String message;
  public String startedAt;
  public List<MetricResult> metricResults;
  public Long observedGeneration;
}
