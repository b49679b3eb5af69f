package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Argo Rollouts' replicaProgressThreshold: how many of the canary's pods for a step (or for the promotion) must be
 * available before it goes on; the others may still be starting. Without it, all of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'Percent' || self.value <= 100", message = "a Percent threshold is at most 100",
    fieldPath = ".value")
public class ReplicaProgressThreshold {
  public enum Type {
    Percent, Pods
  }

  @Required
  @JsonPropertyDescription("Percent: a percentage of the pods asked for; Pods: a number of pods (at most those asked for).")
  public Type type;

  @Required
  @Min(1)
  public Integer value;

  /** Whether available pods of the desired ones are enough to go on. */
  public static boolean met(ReplicaProgressThreshold threshold, int available, int desired) {
    if (available >= desired) {
      return true;
    }
    if (threshold == null || threshold.type == null || threshold.value == null) {
      return false;
    }
    if (threshold.type == Type.Percent) {
      return available * 100L >= (long) threshold.value * desired;
    }
    // Argo Rollouts compares with the value alone; a value above the pods asked for would never be met.
    return available >= Math.min(threshold.value, desired);
  }
}
