package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Measurement {
  public AnalysisPhase phase;
  public String value;
  public String message;
  public String startedAt;
  public String finishedAt;
  /** When the next measurement of this metric is due (set while the metric is running). */
  public String resumeAt;
}
