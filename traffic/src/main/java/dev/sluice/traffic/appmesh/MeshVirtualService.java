package dev.sluice.traffic.appmesh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** An App Mesh VirtualService (appmesh.k8s.aws/v1beta2), read only: which VirtualRouter provides it. */
@Group(MeshVirtualService.GROUP)
@Version("v1beta2")
@Kind("VirtualService")
@Plural("virtualservices")
public class MeshVirtualService extends CustomResource<MeshVirtualService.Spec, Void> implements Namespaced {
  public static final String GROUP = "appmesh.k8s.aws";

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public Provider provider;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Provider {
    public RouterProvider virtualRouter;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class RouterProvider {
    public Ref virtualRouterRef;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Ref {
    public String name;
    public String namespace;
  }
}
