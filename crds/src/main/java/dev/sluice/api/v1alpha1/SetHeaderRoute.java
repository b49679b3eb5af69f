package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Sends requests that match the headers to the canary; a step without match removes the route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SetHeaderRoute {
  @Required
  @Size(max = 63)
  @JsonPropertyDescription("Name of the route; must be listed in trafficRouting.managedRoutes.")
  public String name;

  @Size(max = 16)
  public List<HeaderRoutingMatch> match;
}
