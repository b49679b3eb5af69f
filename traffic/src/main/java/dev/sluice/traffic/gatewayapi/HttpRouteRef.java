package dev.sluice.traffic.gatewayapi;

import dev.sluice.api.v1alpha1.GatewayApiTrafficRouting;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.List;

/** One HTTPRoute named by trafficRouting.gatewayAPI, and whether setHeaderRoute steps add rules to it. */
record HttpRouteRef(ObjectRef<HTTPRoute> object, boolean takesHeaderRoutes) {
  static List<HttpRouteRef> of(RoutingTarget target) {
    GatewayApiTrafficRouting spec = target.trafficRouting().gatewayAPI;
    String namespace = spec.namespace != null ? spec.namespace : target.namespace();
    String field = SpecFields.GATEWAY_API;
    if (spec.httpRoute != null) {
      return List.of(new HttpRouteRef(ObjectRef.of(HTTPRoute.class, namespace, spec.httpRoute, field + ".httpRoute"), true));
    }
    if (spec.httpRoutes == null || spec.httpRoutes.isEmpty()) {
      throw new InvalidRoutingSpecException(field, "set httpRoute or httpRoutes");
    }
    List<HttpRouteRef> refs = new ArrayList<>();
    for (int i = 0; i < spec.httpRoutes.size(); i++) {
      GatewayApiTrafficRouting.HttpRouteRef route = spec.httpRoutes.get(i);
      refs.add(new HttpRouteRef(ObjectRef.of(HTTPRoute.class, namespace, route.name, field + ".httpRoutes[" + i + "].name"),
          Boolean.TRUE.equals(route.useHeaderRoutes)));
    }
    return refs;
  }
}
