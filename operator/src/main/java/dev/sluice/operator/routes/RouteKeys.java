package dev.sluice.operator.routes;

import dev.sluice.api.v1alpha1.GatewayApiTrafficRouting;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.TrafficRouting;
import java.util.ArrayList;
import java.util.List;

/**
 * The router objects a Rollout names, as "KIND/namespace/name" keys ({@link RouteKind#key}): the index that maps an
 * event on one of them back to the Rollouts to reconcile. Objects Sluice creates for a Rollout (NGINX's canary
 * Ingress, Ambassador's canary Mappings, APISIX's header routes, the TrafficSplit) are owned by it and map back
 * through their owner reference instead.
 */
public final class RouteKeys {
  private RouteKeys() {
  }

  public static List<String> of(Rollout rollout) {
    List<String> keys = new ArrayList<>();
    if (rollout.getSpec() == null || rollout.getSpec().strategy == null || rollout.getSpec().strategy.canary == null) {
      return keys;
    }
    TrafficRouting routing = rollout.getSpec().strategy.canary.trafficRouting;
    String namespace = rollout.getMetadata().getNamespace();
    if (routing == null) {
      return keys;
    }
    Keys in = new Keys(keys, namespace);
    if (routing.istio != null) {
      if (routing.istio.virtualService != null) {
        in.add(RouteKind.VIRTUAL_SERVICE, routing.istio.virtualService.name);
      }
      if (routing.istio.destinationRule != null) {
        in.add(RouteKind.DESTINATION_RULE, routing.istio.destinationRule.name);
      }
    }
    GatewayApiTrafficRouting gateway = routing.gatewayAPI;
    if (gateway != null) {
      Keys routes = new Keys(keys, gateway.namespace != null ? gateway.namespace : namespace);
      routes.add(RouteKind.HTTP_ROUTE, gateway.httpRoute);
      if (gateway.httpRoutes != null) {
        gateway.httpRoutes.stream().filter(r -> r != null).forEach(r -> routes.add(RouteKind.HTTP_ROUTE, r.name));
      }
    }
    if (routing.nginx != null) {
      in.add(RouteKind.INGRESS, routing.nginx.stableIngress);
      in.addAll(RouteKind.INGRESS, routing.nginx.stableIngresses);
    }
    if (routing.alb != null) {
      in.add(RouteKind.INGRESS, routing.alb.ingress);
      in.addAll(RouteKind.INGRESS, routing.alb.ingresses);
    }
    if (routing.smi != null) {
      // The TrafficSplit is Sluice's own; one the user named may exist before the Rollout owns it.
      String split = routing.smi.trafficSplitName;
      in.add(RouteKind.TRAFFIC_SPLIT, split == null || split.isEmpty() ? rollout.getMetadata().getName() : split);
    }
    if (routing.traefik != null) {
      in.add(RouteKind.TRAEFIK_SERVICE, routing.traefik.weightedTraefikServiceName);
    }
    if (routing.apisix != null && routing.apisix.route != null) {
      in.add(RouteKind.APISIX_ROUTE, routing.apisix.route.name);
    }
    if (routing.ambassador != null) {
      in.addAll(RouteKind.AMBASSADOR_MAPPING, routing.ambassador.mappings);
    }
    if (routing.appMesh != null) {
      if (routing.appMesh.virtualService != null) {
        in.add(RouteKind.APP_MESH_VIRTUAL_SERVICE, routing.appMesh.virtualService.name);
      }
      if (routing.appMesh.virtualNodeGroup != null) {
        if (routing.appMesh.virtualNodeGroup.canaryVirtualNodeRef != null) {
          in.add(RouteKind.APP_MESH_VIRTUAL_NODE, routing.appMesh.virtualNodeGroup.canaryVirtualNodeRef.name);
        }
        if (routing.appMesh.virtualNodeGroup.stableVirtualNodeRef != null) {
          in.add(RouteKind.APP_MESH_VIRTUAL_NODE, routing.appMesh.virtualNodeGroup.stableVirtualNodeRef.name);
        }
      }
    }
    return keys;
  }

  /** Keys in one namespace; a name left unset (the spec is invalid, and says so elsewhere) adds none. */
  private record Keys(List<String> keys, String namespace) {
    void add(RouteKind kind, String name) {
      if (name != null && !name.isEmpty() && !keys.contains(kind.key(namespace, name))) {
        keys.add(kind.key(namespace, name));
      }
    }

    void addAll(RouteKind kind, List<String> names) {
      if (names != null) {
        names.forEach(name -> add(kind, name));
      }
    }
  }
}
