package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Weights shift on Istio VirtualService http routes: host-level (destinations are the canary and stable
 * services) or, with a destinationRule, subset-level (one host, subsets kept on the canary and stable hashes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IstioTrafficRouting {
  @Required
  public VirtualService virtualService;

  public DestinationRule destinationRule;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VirtualService {
    @Required
    public String name;

    @Size(max = 16)
    @JsonPropertyDescription("Names of the http routes to shift. Optional when the VirtualService has one route.")
    public List<String> routes;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.canarySubsetName != self.stableSubsetName", message = "canarySubsetName and stableSubsetName must differ")
  public static class DestinationRule {
    @Required
    public String name;

    @Required
    public String canarySubsetName;

    @Required
    public String stableSubsetName;
  }
}
