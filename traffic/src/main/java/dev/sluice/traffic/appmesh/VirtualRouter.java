package dev.sluice.traffic.appmesh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * An App Mesh VirtualRouter (appmesh.k8s.aws/v1beta2) with what Sluice reads: each route's name and, for the route types
 * that split traffic (httpRoute, http2Route, grpcRoute, tcpRoute, as Argo Rollouts lists them), its weighted targets.
 */
@Group(MeshVirtualService.GROUP)
@Version("v1beta2")
@Kind("VirtualRouter")
public class VirtualRouter extends CustomResource<VirtualRouter.Spec, Void> implements Namespaced {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public List<Route> routes;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Route {
    public String name;
    public Rule httpRoute;
    public Rule tcpRoute;
    public Rule http2Route;
    public Rule grpcRoute;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Rule {
    public Action action;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Action {
    public List<WeightedTarget> weightedTargets;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class WeightedTarget {
    public MeshVirtualService.Ref virtualNodeRef;
    public Long weight;
  }
}
