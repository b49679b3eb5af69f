package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisTemplateRef {
  @Required
  public String templateName;

  /** True to use a ClusterAnalysisTemplate instead of an AnalysisTemplate in the Rollout's namespace. */
  public Boolean clusterScope;
}
