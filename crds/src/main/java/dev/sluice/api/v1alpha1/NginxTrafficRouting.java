package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * Weights shift on a canary Ingress that Sluice creates next to each stable Ingress (networking.k8s.io/v1), with
 * ingress-nginx's canary annotations, as Argo Rollouts' trafficRouting.nginx does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.stableIngress) != has(self.stableIngresses)",
    message = "exactly one of stableIngress or stableIngresses must be set")
public class NginxTrafficRouting {
  @Size(max = 253)
  @JsonPropertyDescription("Name of the Ingress (in the Rollout's namespace) that sends traffic to the stable Service.")
  public String stableIngress;

  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Names of several stable Ingresses; each gets its own canary Ingress.")
  public List<String> stableIngresses;

  @Size(max = 253)
  @JsonPropertyDescription("Prefix of the canary annotations. Defaults to nginx.ingress.kubernetes.io.")
  public String annotationPrefix;

  @Size(max = 32)
  @JsonPropertyDescription("Annotations added to the canary Ingress, prefixed with annotationPrefix unless they already "
      + "are (e.g. canary-by-header: X-Canary).")
  public Map<String, String> additionalIngressAnnotations;

  @Size(max = 32)
  @JsonPropertyDescription("Annotations added to the canary Ingress as they are; they win over additionalIngressAnnotations.")
  public Map<String, String> canaryIngressAnnotations;
}
