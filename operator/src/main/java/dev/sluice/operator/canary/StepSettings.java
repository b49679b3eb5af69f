package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.SetCanaryScale;
import java.util.List;

/** What the steps up to and including a step index set: the traffic weight and any canary scale override. */
record StepSettings(int weight, SetCanaryScale scale) {
  static StepSettings upTo(List<CanaryStep> steps, int index) {
    int weight = 0;
    SetCanaryScale scale = null;
    for (int i = 0; i <= index && i < steps.size(); i++) {
      CanaryStep step = steps.get(i);
      if (step.setWeight != null) {
        weight = step.setWeight;
      }
      if (step.setCanaryScale != null) {
        scale = Boolean.TRUE.equals(step.setCanaryScale.matchTrafficWeight) ? null : step.setCanaryScale;
      }
    }
    return new StepSettings(weight, scale);
  }

  /**
   * The canary's share of the traffic these settings ask for, as Argo Rollouts counts it for the stable's scale: the
   * setWeight, or setCanaryScale's weight; a setCanaryScale by replicas asks no traffic of the stable (0).
   */
  int canaryWeight() {
    if (scale == null) {
      return weight;
    }
    return scale.weight != null ? scale.weight : scale.replicas != null ? 0 : weight;
  }
}
