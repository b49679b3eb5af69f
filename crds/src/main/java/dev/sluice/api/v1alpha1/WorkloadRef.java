package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Argo Rollouts' workloadRef: the Rollout takes its pod template (and, without its own, its selector) from a
 * Deployment in its namespace, and may scale that Deployment down as it takes over. Argo also accepts ReplicaSets and
 * PodTemplates here; Sluice only Deployments, and says so.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.apiVersion == 'apps/v1' && self.kind == 'Deployment'",
    message = "workloadRef supports only apiVersion apps/v1, kind Deployment (Argo's ReplicaSet and PodTemplate "
        + "references are not supported)")
public class WorkloadRef {
  /** How the referenced Deployment is scaled down, as in Argo Rollouts (lowercase, as Argo writes them). */
  public enum ScaleDown { never, onsuccess, progressively }

  @Required
  @Size(max = 63)
  @JsonPropertyDescription("API version of the referenced workload: apps/v1.")
  public String apiVersion;

  @Required
  @Size(max = 63)
  @JsonPropertyDescription("Kind of the referenced workload: Deployment.")
  public String kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Deployment, in the Rollout's namespace.")
  public String name;

  @JsonPropertyDescription("Scale the Deployment down: never (the default), onsuccess (to 0 once the Rollout's first "
      + "revision is Healthy) or progressively (by the Rollout's ready pods as they come, to 0 once Healthy).")
  public ScaleDown scaleDown;
}
