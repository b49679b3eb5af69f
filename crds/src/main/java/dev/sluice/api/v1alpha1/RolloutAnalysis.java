package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which analysis templates to run, with which arguments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutAnalysis {
  @Required
  @Size(min = 1, max = 10)
  public List<AnalysisTemplateRef> templates;

  @Size(max = 50)
  public List<AnalysisRunArgument> args;

  @JsonPropertyDescription("Labels and annotations for the AnalysisRuns this analysis creates.")
  public AnalysisRunMetadata analysisRunMetadata;

  @Min(0)
  @JsonPropertyDescription("Background analysis only: the step index at which the analysis starts.")
  public Integer startingStep;
}
