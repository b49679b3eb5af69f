package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Weights shift in the forward action annotation ({@code alb.ingress.kubernetes.io/actions.<rootService>}) of each
 * stable Ingress (networking.k8s.io/v1) that the AWS Load Balancer Controller reads, as Argo Rollouts'
 * trafficRouting.alb does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.ingress) != has(self.ingresses)",
    message = "exactly one of ingress or ingresses must be set")
public class AlbTrafficRouting {
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the Ingress (in the Rollout's namespace) whose action annotation Sluice keeps.")
  public String ingress;

  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Names of several Ingresses; each gets the same action annotation.")
  public List<String> ingresses;

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port of the canary and stable Services that the target groups forward to.")
  public Integer servicePort;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Service the Ingress's rules name with port use-annotation; the action annotation is "
      + "actions.<rootService>. Defaults to the stableService.")
  public String rootService;

  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Prefix of the action annotation. Defaults to alb.ingress.kubernetes.io.")
  public String annotationPrefix;

  @JsonPropertyDescription("Target group stickiness of the forward action.")
  public StickinessConfig stickinessConfig;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StickinessConfig {
    @Required
    public Boolean enabled;

    @Min(1)
    @Max(604800)
    @JsonPropertyDescription("How long a client stays on one target group, 1 to 604800 seconds (AWS's bounds).")
    public Long durationSeconds;
  }
}
