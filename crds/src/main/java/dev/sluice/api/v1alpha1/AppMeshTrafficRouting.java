package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Weights shift on the routes of the App Mesh VirtualRouter behind a VirtualService (appmesh.k8s.aws/v1beta2), between
 * two VirtualNodes whose pod selectors Sluice pins to the revisions, as Argo Rollouts' trafficRouting.appMesh does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AppMeshTrafficRouting {
  @Required
  @JsonPropertyDescription("The App Mesh VirtualService whose VirtualRouter splits traffic.")
  public VirtualService virtualService;

  @Required
  @JsonPropertyDescription("The canary and stable VirtualNodes, the weighted targets of the router's routes.")
  public VirtualNodeGroup virtualNodeGroup;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VirtualService {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the VirtualService (in the Rollout's namespace); its provider must be a "
        + "virtualRouterRef.")
    public String name;

    @Size(min = 1, max = 16)
    @JsonPropertyDescription("Names of the VirtualRouter's routes to shift. Defaults to all of them.")
    public List<String> routes;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VirtualNodeGroup {
    @Required
    @JsonPropertyDescription("The VirtualNode that selects the canary's pods.")
    public VirtualNodeRef canaryVirtualNodeRef;

    @Required
    @JsonPropertyDescription("The VirtualNode that selects the stable pods.")
    public VirtualNodeRef stableVirtualNodeRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VirtualNodeRef {
    @Required
    @Size(min = 1, max = 253)
    @JsonPropertyDescription("Name of the VirtualNode, in the Rollout's namespace.")
    public String name;
  }
}
