package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Argo Rollouts' spec.analysis: how many finished AnalysisRuns of past revisions a Rollout keeps. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunHistory {
  @Min(0)
  @JsonPropertyDescription("Successful AnalysisRuns of past revisions kept, newest first. Defaults to 5.")
  public Integer successfulRunHistoryLimit;

  @Min(0)
  @JsonPropertyDescription("Failed, Error and Inconclusive AnalysisRuns of past revisions kept, newest first. Defaults to 5.")
  public Integer unsuccessfulRunHistoryLimit;
}
