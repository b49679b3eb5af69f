package dev.sluice.operator.routes;

import dev.sluice.traffic.ambassador.Mapping;
import dev.sluice.traffic.apisix.ApisixRoute;
import dev.sluice.traffic.appmesh.MeshVirtualService;
import dev.sluice.traffic.appmesh.VirtualNode;
import dev.sluice.traffic.smi.TrafficSplitV1alpha1;
import dev.sluice.traffic.smi.TrafficSplitV1alpha2;
import dev.sluice.traffic.smi.TrafficSplitV1alpha3;
import dev.sluice.traffic.traefik.TraefikService;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * The router objects Sluice keeps informers on: one row per kind, every row cached, indexed and mapped back to its
 * Rollouts by the same rule ({@link RouteInformers}, {@link RouteKeys}). A kind with several Java types (the
 * TrafficSplit versions) lists them newest first: the informer watches the first the API server serves.
 *
 * <p>App Mesh's VirtualRouter is not here: no Rollout field names it (its VirtualService's provider does), so no
 * index could map its events back; it is read live.
 */
public enum RouteKind {
  VIRTUAL_SERVICE(VirtualService.class),
  DESTINATION_RULE(DestinationRule.class),
  HTTP_ROUTE(HTTPRoute.class),
  /** NGINX's stable and canary Ingresses, ALB's annotated Ingresses. */
  INGRESS(Ingress.class),
  TRAFFIC_SPLIT(TrafficSplitV1alpha3.class, TrafficSplitV1alpha2.class, TrafficSplitV1alpha1.class),
  TRAEFIK_SERVICE(TraefikService.class),
  APISIX_ROUTE(ApisixRoute.class),
  AMBASSADOR_MAPPING(Mapping.class),
  APP_MESH_VIRTUAL_SERVICE(MeshVirtualService.class),
  APP_MESH_VIRTUAL_NODE(VirtualNode.class);

  private final List<Class<? extends HasMetadata>> types;

  @SafeVarargs
  RouteKind(Class<? extends HasMetadata>... types) {
    this.types = List.of(types);
  }

  /** The Java types of this kind, the one to prefer first. */
  public List<Class<? extends HasMetadata>> types() {
    return types;
  }

  /** The index key of one object of this kind. */
  String key(String namespace, String name) {
    return name() + "/" + namespace + "/" + name;
  }
}
