package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Weights shift on the weighted round robin of a TraefikService (traefik.io/v1alpha1), as Argo Rollouts'
 * trafficRouting.traefik does: the entries of spec.weighted.services that name the canary and stable Services.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TraefikTrafficRouting {
  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the TraefikService (in the Rollout's namespace) whose spec.weighted.services list "
      + "the canary and stable Services; Sluice sets their weights.")
  public String weightedTraefikServiceName;
}
