package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.L4MatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.RouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.TCPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSMatchAttributes;
import io.fabric8.istio.api.api.networking.v1alpha3.TLSRoute;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The tls and tcp routes whose weights Sluice shifts (virtualService.tlsRoutes and tcpRoutes), found by their
 * matches: a tls route one of whose matches has the port (when given) and every SNI host listed, a tcp route one of
 * whose matches has the port. Like http routes, each needs exactly one stable and one canary destination.
 */
final class VirtualServiceL4Routes {
  private static final String FIELD = SpecFields.ISTIO + ".virtualService";

  private VirtualServiceL4Routes() {
  }

  static List<L4Route> find(VirtualService vs, ObjectRef<VirtualService> ref, IstioTrafficRouting.VirtualService spec,
      DestinationMatcher destinations) {
    List<L4Route> found = new ArrayList<>();
    List<TLSRoute> tls = vs.getSpec() == null || vs.getSpec().getTls() == null ? List.of() : vs.getSpec().getTls();
    List<IstioTrafficRouting.TlsRoute> tlsSpecs = spec.tlsRoutes == null ? List.of() : spec.tlsRoutes;
    for (int n = 0; n < tlsSpecs.size(); n++) {
      IstioTrafficRouting.TlsRoute want = tlsSpecs.get(n);
      int before = found.size();
      for (int i = 0; i < tls.size(); i++) {
        List<TLSMatchAttributes> matches = tls.get(i).getMatch() == null ? List.of() : tls.get(i).getMatch();
        if (matches.stream().anyMatch(tlsMatch(want)) && !contains(found, "tls", i)) {
          found.add(split("tls", i, tls.get(i).getRoute(), ref, destinations));
        }
      }
      if (found.size() == before) {
        throw ref.invalid(FIELD + ".tlsRoutes[" + n + "]", "has no tls route matching port " + want.port + " and sniHosts " + want.sniHosts);
      }
    }
    List<TCPRoute> tcp = vs.getSpec() == null || vs.getSpec().getTcp() == null ? List.of() : vs.getSpec().getTcp();
    List<IstioTrafficRouting.TcpRoute> tcpSpecs = spec.tcpRoutes == null ? List.of() : spec.tcpRoutes;
    for (int n = 0; n < tcpSpecs.size(); n++) {
      Long port = tcpSpecs.get(n).port;
      int before = found.size();
      for (int i = 0; i < tcp.size(); i++) {
        List<L4MatchAttributes> matches = tcp.get(i).getMatch() == null ? List.of() : tcp.get(i).getMatch();
        if (matches.stream().anyMatch(m -> Objects.equals(port, m.getPort())) && !contains(found, "tcp", i)) {
          found.add(split("tcp", i, tcp.get(i).getRoute(), ref, destinations));
        }
      }
      if (found.size() == before) {
        throw ref.invalid(FIELD + ".tcpRoutes[" + n + "]", "has no tcp route matching port " + port);
      }
    }
    return found;
  }

  static void plan(JsonPatch patch, VirtualService vs, List<L4Route> routes, int canaryWeight, int maxWeight) {
    for (L4Route route : routes) {
      setWeight(patch, vs, route, route.stable(), maxWeight - canaryWeight);
      setWeight(patch, vs, route, route.canary(), canaryWeight);
    }
  }

  static List<String> mismatches(ObjectRef<VirtualService> ref, VirtualService vs, List<L4Route> routes, int canaryWeight, int maxWeight) {
    List<String> mismatches = new ArrayList<>();
    for (L4Route route : routes) {
      check(mismatches, ref, vs, route, route.stable(), maxWeight - canaryWeight);
      check(mismatches, ref, vs, route, route.canary(), canaryWeight);
    }
    return mismatches;
  }

  private static Predicate<TLSMatchAttributes> tlsMatch(IstioTrafficRouting.TlsRoute want) {
    return m -> (want.port == null || want.port.equals(m.getPort()))
        && (want.sniHosts == null || m.getSniHosts() != null && m.getSniHosts().containsAll(want.sniHosts));
  }

  private static boolean contains(List<L4Route> found, String section, int index) {
    return found.stream().anyMatch(r -> r.section().equals(section) && r.index() == index);
  }

  private static L4Route split(String section, int index, List<RouteDestination> route, ObjectRef<VirtualService> ref,
      DestinationMatcher destinations) {
    List<RouteDestination> targets = route == null ? List.of() : route;
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
    String where = section + " route " + index;
    if (stable.size() != 1) {
      throw ref.invalid(destinations.stableField(), where + " needs exactly one destination for " + destinations.stable()
          + ", has " + stable.size());
    }
    if (canary.size() != 1) {
      throw ref.invalid(destinations.canaryField(), where + " needs exactly one destination for " + destinations.canary()
          + ", has " + canary.size() + (canary.isEmpty() ? "; add one with weight: 0 (Sluice changes weights only)" : ""));
    }
    for (int j = 0; j < targets.size(); j++) {
      Integer weight = targets.get(j).getWeight();
      if (j != stable.get(0) && j != canary.get(0) && weight != null && weight != 0) {
        throw ref.invalid(where + " also sends traffic to " + targets.get(j).getDestination().getHost()
            + "; give it weight 0 or move it to another route, so the canary gets exactly the weight asked for");
      }
    }
    return new L4Route(section, index, stable.get(0), canary.get(0));
  }

  private static void setWeight(JsonPatch patch, VirtualService vs, L4Route route, int index, int weight) {
    RouteDestination destination = destination(vs, route, index);
    if (Objects.equals(destination.getWeight(), weight)) {
      return;
    }
    String at = JsonPatch.path("spec", route.section(), route.index(), "route", index);
    patch.test(at + "/destination/host", destination.getDestination().getHost());
    if (destination.getDestination().getSubset() != null) {
      patch.test(at + "/destination/subset", destination.getDestination().getSubset());
    }
    patch.set(at + "/weight", weight, destination.getWeight() != null);
  }

  private static void check(List<String> mismatches, ObjectRef<VirtualService> ref, VirtualService vs, L4Route route, int index, int want) {
    RouteDestination destination = destination(vs, route, index);
    int actual = destination.getWeight() == null ? 0 : destination.getWeight();
    if (actual != want) {
      String subset = destination.getDestination().getSubset();
      mismatches.add(ref + " " + route.describe() + ": destination " + destination.getDestination().getHost()
          + (subset == null ? "" : " subset " + subset) + " has weight " + actual + ", want " + want);
    }
  }

  private static RouteDestination destination(VirtualService vs, L4Route route, int index) {
    List<RouteDestination> targets = route.section().equals("tls") ? vs.getSpec().getTls().get(route.index()).getRoute()
        : vs.getSpec().getTcp().get(route.index()).getRoute();
    return targets.get(index);
  }
}
