package dev.sluice.kubectl.view;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import java.util.Objects;

/** One line of `list rollouts` (and its -o json/yaml item). */
public record RolloutRow(String namespace, String name, String strategy, String phase, String step, Integer weight,
                         int desired, int current, int upToDate, int available, String created) {

  public static RolloutRow of(Rollout rollout) {
    RolloutSpec spec = rollout.getSpec() == null ? new RolloutSpec() : rollout.getSpec();
    RolloutStatus status = rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus();
    boolean canary = spec.strategy != null && spec.strategy.canary != null;
    String strategy = canary ? "Canary" : spec.strategy != null && spec.strategy.blueGreen != null ? "BlueGreen" : null;
    String step = null;
    Integer weight = null;
    if (canary) {
      int steps = spec.strategy.canary.steps == null ? 0 : spec.strategy.canary.steps.size();
      step = (status.currentStepIndex == null ? 0 : status.currentStepIndex) + "/" + steps;
      if (status.canary != null && status.canary.weights != null && status.canary.weights.canary != null) {
        weight = status.canary.weights.canary.weight;
      }
    }
    return new RolloutRow(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), strategy,
        status.phase == null ? null : status.phase.name(), step, weight, spec.replicas == null ? 1 : spec.replicas,
        zero(status.replicas), zero(status.updatedReplicas), zero(status.availableReplicas),
        rollout.getMetadata().getCreationTimestamp());
  }

  private static int zero(Integer n) {
    return Objects.requireNonNullElse(n, 0);
  }
}
