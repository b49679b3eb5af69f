package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An argument passed from a Rollout to its analysis: a literal value or a value taken from the rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "value and valueFrom are mutually exclusive")
public class AnalysisRunArgument {
  @Required
  public String name;

  public String value;
  public ArgumentValueFrom valueFrom;
}
