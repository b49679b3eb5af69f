package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenStatus {
  /** Pod template hash the active service selects. */
  public String activeSelector;
  /** Pod template hash the preview service selects. */
  public String previewSelector;
  public String prePromotionAnalysisRun;
  public String postPromotionAnalysisRun;
  @JsonPropertyDescription("The attempt number in this revision's AnalysisRun names: a retry takes the first unused one, so old runs never decide.")
  public Integer attempt;
}
