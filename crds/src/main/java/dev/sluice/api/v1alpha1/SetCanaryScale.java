package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.weight), has(self.replicas), has(self.matchTrafficWeight)].filter(x, x).size() == 1",
    message = "setCanaryScale needs exactly one of weight, replicas, matchTrafficWeight")
public class SetCanaryScale {
  @Min(0)
  @Max(100)
  public Integer weight;

  @Min(0)
  public Integer replicas;

  public Boolean matchTrafficWeight;
}
