package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** Argo Rollouts' analysisRunMetadata: labels and annotations put on the AnalysisRuns an analysis creates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisRunMetadata {
  @Size(max = 64)
  @JsonPropertyDescription("Labels put on the AnalysisRun (Sluice's own sluice.dev/ labels take precedence).")
  public Map<String, String> labels;

  @Size(max = 64)
  @JsonPropertyDescription("Annotations put on the AnalysisRun.")
  public Map<String, String> annotations;
}
