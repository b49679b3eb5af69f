package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import io.fabric8.istio.api.api.networking.v1alpha3.Destination;
import java.util.function.Predicate;

/**
 * Tells the canary and stable destinations of a VirtualService http route apart. Host-level: the destination's
 * host is the canary or stable Service (short, namespace-qualified or fully qualified name). Subset-level (with a
 * destinationRule): its subset is canarySubsetName or stableSubsetName.
 */
record DestinationMatcher(Predicate<Destination> isCanary, Predicate<Destination> isStable, String canary, String stable,
    String canaryField, String stableField) {
  static DestinationMatcher of(RoutingTarget target) {
    IstioTrafficRouting.DestinationRule rule = target.trafficRouting().istio.destinationRule;
    if (rule == null) {
      return new DestinationMatcher(d -> isService(d.getHost(), target.canaryService(), target.namespace()),
          d -> isService(d.getHost(), target.stableService(), target.namespace()),
          "canary service \"" + target.canaryService() + "\"", "stable service \"" + target.stableService() + "\"",
          SpecFields.CANARY_SERVICE, SpecFields.STABLE_SERVICE);
    }
    String field = SpecFields.ISTIO + ".destinationRule";
    return new DestinationMatcher(d -> rule.canarySubsetName.equals(d.getSubset()), d -> rule.stableSubsetName.equals(d.getSubset()),
        "canary subset \"" + rule.canarySubsetName + "\"", "stable subset \"" + rule.stableSubsetName + "\"",
        field + ".canarySubsetName", field + ".stableSubsetName");
  }

  static boolean isService(String host, String service, String namespace) {
    if (host == null) {
      return false;
    }
    String qualified = service + "." + namespace;
    return host.equals(service) || host.equals(qualified) || host.equals(qualified + ".svc") || host.startsWith(qualified + ".svc.");
  }
}
