package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Weights shift on the backends of an ApisixRoute's http rules (apisix.apache.org/v2), as Argo Rollouts'
 * trafficRouting.apisix does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApisixTrafficRouting {
  @Required
  @JsonPropertyDescription("The ApisixRoute (in the Rollout's namespace) whose http rules split between the canary "
      + "and stable Services.")
  public Route route;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Route {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the ApisixRoute.")
    public String name;

    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Names of its spec.http rules to shift; each must have backends with the canary and "
        + "stable Services. Defaults to the one rule named like the ApisixRoute.")
    public List<String> rules;
  }
}
