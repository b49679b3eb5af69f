package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Weights shift through canary copies of Ambassador/Emissary Mappings (getambassador.io/v2) that Sluice creates and
 * owns, as Argo Rollouts' trafficRouting.ambassador does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AmbassadorTrafficRouting {
  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Names of the Mappings (in the Rollout's namespace) that route to the stable Service. For "
      + "each, Sluice keeps <name>-canary, a copy routing to the canary Service with the step's weight; the Mappings "
      + "themselves must not set a weight.")
  public List<String> mappings;
}
