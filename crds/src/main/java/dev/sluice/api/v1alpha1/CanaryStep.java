package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
/**
 * One canary step. As in Argo Rollouts, setWeight, pause and analysis exclude each other, while setCanaryScale,
 * setHeaderRoute and setMirrorRoute may stand alone or beside any action (Argo's apisix example sets a header route
 * and the weight in one step).
 */
@ValidationRule(
    value = "[has(self.setWeight), has(self.pause), has(self.setCanaryScale), has(self.analysis), has(self.setHeaderRoute), has(self.setMirrorRoute)].exists(x, x)",
    message = "a step needs one of setWeight, pause, setCanaryScale, analysis, setHeaderRoute, setMirrorRoute")
@ValidationRule(
    value = "[has(self.setWeight), has(self.pause), has(self.analysis)].filter(x, x).size() <= 1",
    message = "a step may have only one of setWeight, pause, analysis (setCanaryScale, setHeaderRoute and setMirrorRoute may join any)")
public class CanaryStep {
  // At most trafficRouting.maxTrafficWeight (100 by default): a rule on CanaryStrategy, which sees both.
  @Min(0)
  public Integer setWeight;

  public Pause pause;
  public SetCanaryScale setCanaryScale;
  public RolloutAnalysis analysis;
  public SetHeaderRoute setHeaderRoute;
  public SetMirrorRoute setMirrorRoute;
}
