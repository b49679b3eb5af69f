package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.patch.ManagedRouteNames;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the http routes whose weights Sluice owns: those named in virtualService.routes (or, when none is named and no
 * tls or tcp route is listed either, the VirtualService's only route) and the mirror routes Sluice added. Each must have exactly one canary and one stable
 * destination; other destinations may only have weight 0.
 */
final class VirtualServiceSplits {
  static final String ROUTES_FIELD = SpecFields.ISTIO + ".virtualService.routes";

  private VirtualServiceSplits() {
  }

  static List<SplitRoute> find(VirtualService vs, ObjectRef<VirtualService> ref, IstioTrafficRouting.VirtualService spec,
      DestinationMatcher destinations) {
    List<HTTPRoute> http = http(vs);
    List<SplitRoute> splits = new ArrayList<>();
    for (int index : named(http, ref, spec)) {
      splits.add(split(http.get(index), index, ref, destinations, false));
    }
    for (int i = 0; i < http.size(); i++) {
      HTTPRoute route = http.get(i);
      if (ManagedRouteNames.owner(route.getName()).isPresent() && route.getRoute() != null
          && route.getRoute().stream().anyMatch(d -> d.getDestination() != null && destinations.isStable().test(d.getDestination()))) {
        splits.add(split(route, i, ref, destinations, true));
      }
    }
    return splits;
  }

  static List<SplitRoute> sources(List<SplitRoute> splits) {
    return splits.stream().filter(s -> !s.managed()).toList();
  }

  static List<HTTPRoute> http(VirtualService vs) {
    return vs.getSpec() == null || vs.getSpec().getHttp() == null ? List.of() : vs.getSpec().getHttp();
  }

  private static List<Integer> named(List<HTTPRoute> http, ObjectRef<VirtualService> ref, IstioTrafficRouting.VirtualService spec) {
    List<Integer> indexes = new ArrayList<>();
    if (spec.routes == null || spec.routes.isEmpty()) {
      if (spec.tlsRoutes != null && !spec.tlsRoutes.isEmpty() || spec.tcpRoutes != null && !spec.tcpRoutes.isEmpty()) {
        return indexes; // only the tls and tcp routes listed are shifted
      }
      for (int i = 0; i < http.size(); i++) {
        if (ManagedRouteNames.owner(http.get(i).getName()).isEmpty()) {
          indexes.add(i);
        }
      }
      if (indexes.size() != 1) {
        throw ref.invalid(ROUTES_FIELD, "has " + indexes.size() + " http routes; name the ones Sluice shifts in " + ROUTES_FIELD);
      }
      return indexes;
    }
    for (int n = 0; n < spec.routes.size(); n++) {
      String name = spec.routes.get(n);
      int index = -1;
      for (int i = 0; i < http.size() && index < 0; i++) {
        if (name.equals(http.get(i).getName())) {
          index = i;
        }
      }
      if (index < 0) {
        throw ref.invalid(ROUTES_FIELD + "[" + n + "]", "has no http route named \"" + name + "\"");
      }
      indexes.add(index);
    }
    return indexes;
  }

  private static SplitRoute split(HTTPRoute route, int index, ObjectRef<VirtualService> ref, DestinationMatcher destinations, boolean managed) {
    List<HTTPRouteDestination> targets = route.getRoute() == null ? List.of() : route.getRoute();
    List<Integer> stable = new ArrayList<>();
    List<Integer> canary = new ArrayList<>();
    for (int j = 0; j < targets.size(); j++) {
      if (targets.get(j).getDestination() == null) {
        continue;
      }
      if (destinations.isStable().test(targets.get(j).getDestination())) {
        stable.add(j);
      } else if (destinations.isCanary().test(targets.get(j).getDestination())) {
        canary.add(j);
      }
    }
    String where = "http route " + describe(route, index);
    if (stable.size() != 1) {
      throw ref.invalid(destinations.stableField(), where + (stable.isEmpty() ? " has no destination for " : " has more than one destination for ")
          + destinations.stable() + "; Sluice needs exactly one to split traffic");
    }
    if (canary.size() != 1) {
      throw ref.invalid(destinations.canaryField(), where + (canary.isEmpty() ? " has no destination for " : " has more than one destination for ")
          + destinations.canary() + (canary.isEmpty() ? "; add one with weight: 0 (Sluice changes weights only, never the list of destinations)" : ""));
    }
    for (int j = 0; j < targets.size(); j++) {
      Integer weight = targets.get(j).getWeight();
      if (j != stable.get(0) && j != canary.get(0) && weight != null && weight != 0) {
        throw ref.invalid(where + " also sends traffic to " + targets.get(j).getDestination().getHost()
            + "; give it weight 0 or move it to another route, so the canary gets exactly the weight asked for");
      }
    }
    return new SplitRoute(index, route.getName(), stable.get(0), canary.get(0), managed);
  }

  static String describe(HTTPRoute route, int index) {
    return route.getName() == null ? String.valueOf(index) : index + " (" + route.getName() + ")";
  }
}
