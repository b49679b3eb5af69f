package dev.sluice.traffic.istio;

import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ManagedEntries;
import dev.sluice.traffic.patch.ManagedRouteNames;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Percent;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The http routes Sluice adds for header and mirror routes, in front of the VirtualService's routes (Istio takes the
 * first route that matches). Each is a copy of a split route (rewrites, timeouts, retries and so on stay the same),
 * named {@code sluice.<managed route>.<n>}, with its matches narrowed by the step's match. A header route sends
 * everything to the canary destination; a mirror route keeps the weighted destinations and mirrors to the canary.
 */
final class VirtualServiceManagedRoutes {
  static final String HTTP = "/spec/http";

  private VirtualServiceManagedRoutes() {
  }

  static List<HTTPRoute> headerRoutes(ObjectRef<VirtualService> ref, VirtualService vs, List<SplitRoute> sources,
      String managedRoute, Map<String, StringMatch> headers, String field) {
    HTTPMatchRequest extra = new HTTPMatchRequest();
    extra.setHeaders(headers);
    List<HTTPRoute> routes = new ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      SplitRoute source = sources.get(k);
      HTTPRoute route = Json.copy(route(vs, source));
      route.setName(ManagedRouteNames.entryName(managedRoute, k));
      route.setMatch(narrow(ref, vs, source, List.of(extra), field));
      HTTPRouteDestination canary = route.getRoute().get(source.canary());
      // The only destination gets all traffic; Istio wants no weight (or 100) then.
      canary.setWeight(null);
      route.setRoute(List.of(canary));
      routes.add(route);
    }
    return routes;
  }

  static List<HTTPRoute> mirrorRoutes(ObjectRef<VirtualService> ref, VirtualService vs, List<SplitRoute> sources,
      String managedRoute, List<HTTPMatchRequest> matches, int percent, String field) {
    List<HTTPRoute> routes = new ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      SplitRoute source = sources.get(k);
      HTTPRoute route = Json.copy(route(vs, source));
      if (route.getMirror() != null || (route.getMirrors() != null && !route.getMirrors().isEmpty())) {
        throw ref.invalid(field, "http route " + VirtualServiceSplits.describe(route, source.index())
            + " already mirrors traffic; Sluice's mirror route would replace that mirror");
      }
      route.setName(ManagedRouteNames.entryName(managedRoute, k));
      route.setMatch(narrow(ref, vs, source, matches, field));
      route.setMirror(Json.copy(route.getRoute().get(source.canary()).getDestination()));
      route.setMirrorPercentage(new Percent((double) percent));
      routes.add(route);
    }
    return routes;
  }

  /** Replaces the managed route's http routes by desired (none: removes them), guarded by the resourceVersion. */
  static JsonPatch replace(VirtualService vs, String managedRoute, List<HTTPRoute> desired, List<String> precedence) {
    JsonPatch patch = new JsonPatch();
    ManagedEntries.replace(patch, HTTP, Json.trees(VirtualServiceSplits.http(vs)), managedRoute, Json.trees(desired), precedence);
    return guarded(patch, vs);
  }

  static JsonPatch removeAll(VirtualService vs) {
    JsonPatch patch = new JsonPatch();
    ManagedEntries.removeAll(patch, HTTP, Json.trees(VirtualServiceSplits.http(vs)));
    return guarded(patch, vs);
  }

  private static JsonPatch guarded(JsonPatch patch, VirtualService vs) {
    return patch.changesNothing() ? patch : patch.test("/metadata/resourceVersion", vs.getMetadata().getResourceVersion());
  }

  private static List<HTTPMatchRequest> narrow(ObjectRef<VirtualService> ref, VirtualService vs, SplitRoute source,
      List<HTTPMatchRequest> extras, String field) {
    HTTPRoute route = route(vs, source);
    List<HTTPMatchRequest> routeMatches = route.getMatch() == null || route.getMatch().isEmpty()
        ? List.of(new HTTPMatchRequest()) : route.getMatch();
    List<HTTPMatchRequest> narrowed = new ArrayList<>();
    for (HTTPMatchRequest routeMatch : routeMatches) {
      for (HTTPMatchRequest extra : extras) {
        Optional<HTTPMatchRequest> both = IstioMatches.and(routeMatch, extra);
        if (both.isEmpty()) {
          throw ref.invalid(field + ".match", "the step's match " + IstioMatches.describe(extra) + " cannot be combined with http route "
              + VirtualServiceSplits.describe(route, source.index()) + "'s match " + IstioMatches.describe(routeMatch)
              + " (different uri or method, or a different value for the same header)");
        }
        narrowed.add(both.get());
      }
    }
    return narrowed;
  }

  private static HTTPRoute route(VirtualService vs, SplitRoute split) {
    return VirtualServiceSplits.http(vs).get(split.index());
  }
}
