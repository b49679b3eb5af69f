package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Mirrors a percentage of the matching requests to the canary; a step without match removes the route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SetMirrorRoute {
  @Required
  @Size(max = 63)
  @JsonPropertyDescription("Name of the route; must be listed in trafficRouting.managedRoutes.")
  public String name;

  @Size(max = 16)
  public List<RouteMatch> match;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Percentage of matching requests to mirror. Defaults to 100.")
  public Integer percentage;
}
