package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.weight), has(self.replicas), has(self.matchTrafficWeight)].filter(x, x).size() == 1",
    message = "setCanaryScale needs exactly one of weight, replicas, matchTrafficWeight")
public class SetCanaryScale {
  // A part of trafficRouting.maxTrafficWeight (100 by default), as in Argo Rollouts: checked on CanaryStrategy.
  @Min(0)
  public Integer weight;

  @Min(0)
  public Integer replicas;

  public Boolean matchTrafficWeight;
}
