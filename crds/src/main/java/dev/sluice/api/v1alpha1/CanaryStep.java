package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.setWeight), has(self.pause), has(self.setCanaryScale), has(self.analysis), has(self.setHeaderRoute), has(self.setMirrorRoute)].filter(x, x).size() == 1",
    message = "a step must have exactly one of setWeight, pause, setCanaryScale, analysis, setHeaderRoute, setMirrorRoute")
public class CanaryStep {
  @Min(0)
  @Max(100)
  public Integer setWeight;

  public Pause pause;
  public SetCanaryScale setCanaryScale;
  public RolloutAnalysis analysis;
  public SetHeaderRoute setHeaderRoute;
  public SetMirrorRoute setMirrorRoute;
}
