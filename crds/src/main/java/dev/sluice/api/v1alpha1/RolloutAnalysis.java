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

  @Size(max = 50)
  @JsonPropertyDescription("Metrics (names or regular expressions) that run in dry-run mode: measured and reported, never"
      + " failing the analysis. Added to the templates' dryRun in the AnalysisRun; a metricName given twice is refused.")
  public List<MetricSelector> dryRun;

  @Size(max = 50)
  @JsonPropertyDescription("How many measurements of the named metrics (names or regular expressions) the AnalysisRun"
      + " keeps instead of 10. Added to the templates' measurementRetention; a metricName given twice is refused.")
  public List<MeasurementRetention> measurementRetention;

  @JsonPropertyDescription("Labels and annotations for the AnalysisRuns this analysis creates.")
  public AnalysisRunMetadata analysisRunMetadata;

  @Min(0)
  @JsonPropertyDescription("Background analysis only: the step index at which the analysis starts.")
  public Integer startingStep;
}
