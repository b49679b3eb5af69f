package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.podTemplateHashValue) != has(self.fieldRef)",
    message = "exactly one of podTemplateHashValue or fieldRef must be set")
public class ArgumentValueFrom {
  /** The pod template hash of the Stable or the Latest (canary) revision. */
  public PodTemplateHashValue podTemplateHashValue;

  /** A field of the Rollout, e.g. metadata.name. */
  public ObjectFieldSelector fieldRef;

  public enum PodTemplateHashValue { Stable, Latest }
}
