package dev.sluice.operator.routes;

import dev.sluice.api.v1alpha1.GatewayApiTrafficRouting;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.TrafficRouting;
import java.util.ArrayList;
import java.util.List;

/**
 * The router objects a Rollout names, as "kind/namespace/name" keys: the index that maps an event on one of them
 * back to the Rollouts to reconcile.
 */
public final class RouteKeys {
  static final String VIRTUAL_SERVICE = "VirtualService";
  static final String DESTINATION_RULE = "DestinationRule";
  static final String HTTP_ROUTE = "HTTPRoute";

  private RouteKeys() {
  }

  static String key(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
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
    if (routing.istio != null) {
      if (routing.istio.virtualService != null && routing.istio.virtualService.name != null) {
        keys.add(key(VIRTUAL_SERVICE, namespace, routing.istio.virtualService.name));
      }
      if (routing.istio.destinationRule != null && routing.istio.destinationRule.name != null) {
        keys.add(key(DESTINATION_RULE, namespace, routing.istio.destinationRule.name));
      }
    }
    GatewayApiTrafficRouting gateway = routing.gatewayAPI;
    if (gateway != null) {
      String routeNamespace = gateway.namespace != null ? gateway.namespace : namespace;
      if (gateway.httpRoute != null) {
        keys.add(key(HTTP_ROUTE, routeNamespace, gateway.httpRoute));
      }
      if (gateway.httpRoutes != null) {
        gateway.httpRoutes.stream().filter(r -> r != null && r.name != null)
            .forEach(r -> keys.add(key(HTTP_ROUTE, routeNamespace, r.name)));
      }
    }
    return keys;
  }
}
