package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Argo Rollouts' antiAffinity: the new revision's pods avoid the nodes of the stable revision's pods (a pod
 * anti-affinity term on the stable's hash label, topology kubernetes.io/hostname), preferred with a weight or required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.preferredDuringSchedulingIgnoredDuringExecution) != has(self.requiredDuringSchedulingIgnoredDuringExecution)",
    message = "exactly one of requiredDuringSchedulingIgnoredDuringExecution and preferredDuringSchedulingIgnoredDuringExecution must be set",
    reason = "FieldValueInvalid")
public class AntiAffinity {
  @JsonPropertyDescription("Prefer other nodes than the stable's pods', with this weight.")
  public Preferred preferredDuringSchedulingIgnoredDuringExecution;

  @JsonPropertyDescription("Require other nodes than the stable's pods'.")
  public Required requiredDuringSchedulingIgnoredDuringExecution;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Preferred {
    @io.fabric8.generator.annotation.Required
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Weight of the anti-affinity term, 1-100.")
    public Integer weight;
  }

  /** No fields: present means required. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Required {
  }
}
