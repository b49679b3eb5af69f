package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** A template argument: a default value, or a value read from a Secret or a field of the Rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.valueFrom))", message = "value and valueFrom are mutually exclusive")
public class Argument {
  @Required
  @Size(max = 63)
  public String name;

  public String value;
  public ValueFrom valueFrom;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.secretKeyRef) != has(self.fieldRef)", message = "exactly one of secretKeyRef or fieldRef must be set")
  public static class ValueFrom {
    public SecretKeySelector secretKeyRef;
    public ObjectFieldSelector fieldRef;
  }
}
