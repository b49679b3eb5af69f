package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/**
 * Weights shift on an SMI TrafficSplit (split.smi-spec.io) that Sluice creates and keeps, as Argo Rollouts'
 * trafficRouting.smi does. Both fields are optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmiTrafficRouting {
  @Size(max = 253)
  @JsonPropertyDescription("The Service clients call (the TrafficSplit's spec.service). Defaults to the stableService.")
  public String rootService;

  @Size(max = 253)
  @JsonPropertyDescription("Name of the TrafficSplit. Defaults to the Rollout's name.")
  public String trafficSplitName;
}
