package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Weights shift on the backendRefs of Gateway API HTTPRoutes (gateway.networking.k8s.io/v1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.httpRoute) != has(self.httpRoutes)", message = "exactly one of httpRoute or httpRoutes must be set")
public class GatewayApiTrafficRouting {
  @JsonPropertyDescription("Name of the HTTPRoute.")
  public String httpRoute;

  @Size(min = 1, max = 16)
  public List<HttpRouteRef> httpRoutes;

  @JsonPropertyDescription("Namespace of the routes. Defaults to the Rollout's namespace.")
  public String namespace;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HttpRouteRef {
    @Required
    public String name;

    @JsonPropertyDescription("Whether setHeaderRoute steps add their rules to this route.")
    public Boolean useHeaderRoutes;
  }
}
