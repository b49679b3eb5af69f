package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.canary) != has(self.blueGreen)",
    message = "exactly one of canary or blueGreen must be set", reason = "FieldValueInvalid")
public class RolloutStrategy {
  public CanaryStrategy canary;
  public BlueGreenStrategy blueGreen;
}
