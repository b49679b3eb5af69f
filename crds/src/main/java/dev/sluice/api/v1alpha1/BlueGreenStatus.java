package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlueGreenStatus {
  /** Pod template hash the active service selects. */
  public String activeSelector;
  /** Pod template hash the preview service selects. */
  public String previewSelector;
  public String prePromotionAnalysisRun;
  public String postPromotionAnalysisRun;
}
