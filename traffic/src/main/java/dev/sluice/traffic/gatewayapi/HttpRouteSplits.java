package dev.sluice.traffic.gatewayapi;

import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.patch.ManagedRouteNames;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rules of an HTTPRoute whose weights Sluice owns: every rule with a backendRef to the stable service.
 * Such a rule must also reference the canary (Sluice only changes weights, it never adds backends) and may hold
 * other backends only with weight 0, or the canary would not get exactly the weight asked for.
 */
final class HttpRouteSplits {
  private HttpRouteSplits() {
  }

  static List<SplitRule> find(HTTPRoute route, ObjectRef<HTTPRoute> ref, RoutingTarget target) {
    List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of()
        : route.getSpec().getRules();
    List<SplitRule> splits = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      HTTPRouteRule rule = rules.get(i);
      List<Integer> stable = new ArrayList<>();
      List<Integer> canary = new ArrayList<>();
      List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
      for (int j = 0; j < refs.size(); j++) {
        if (pointsAt(refs.get(j), ref.namespace(), target.namespace(), target.stableService())) {
          stable.add(j);
        } else if (pointsAt(refs.get(j), ref.namespace(), target.namespace(), target.canaryService())) {
          canary.add(j);
        }
      }
      if (stable.isEmpty()) {
        continue;
      }
      String where = "rule " + describe(rule, i);
      if (stable.size() > 1 || canary.size() > 1) {
        throw ref.invalid(where + " has more than one backendRef to the " + (stable.size() > 1 ? "stable" : "canary")
            + " service; Sluice needs exactly one of each to split traffic");
      }
      if (canary.isEmpty()) {
        throw ref.invalid(SpecFields.CANARY_SERVICE, where + " sends traffic to stable service \"" + target.stableService()
            + "\" but has no backendRef to canary service \"" + target.canaryService() + "\"; add one with weight: 0"
            + " (Sluice changes weights only, never the list of backends)");
      }
      for (int j = 0; j < refs.size(); j++) {
        HTTPBackendRef other = refs.get(j);
        if (j != stable.get(0) && j != canary.get(0) && !Integer.valueOf(0).equals(other.getWeight())) {
          throw ref.invalid(where + " also sends traffic to backend \"" + other.getName()
              + "\"; give it weight: 0 or move it to another rule, so the canary gets exactly the weight asked for");
        }
      }
      splits.add(new SplitRule(i, stable.get(0), canary.get(0), ManagedRouteNames.owner(rule.getName()).isPresent()));
    }
    if (splits.isEmpty()) {
      throw ref.invalid(SpecFields.STABLE_SERVICE, "no rule has a backendRef to stable service \"" + target.stableService()
          + "\" in namespace " + target.namespace());
    }
    return splits;
  }

  /** The unmanaged split rules: what header and mirror rules are derived from. */
  static List<SplitRule> sources(List<SplitRule> splits) {
    return splits.stream().filter(s -> !s.managed()).toList();
  }

  static boolean pointsAt(HTTPBackendRef ref, String routeNamespace, String serviceNamespace, String service) {
    boolean coreGroup = ref.getGroup() == null || ref.getGroup().isEmpty();
    boolean serviceKind = ref.getKind() == null || "Service".equals(ref.getKind());
    String namespace = ref.getNamespace() != null ? ref.getNamespace() : routeNamespace;
    return coreGroup && serviceKind && service.equals(ref.getName()) && serviceNamespace.equals(namespace);
  }

  static String describe(HTTPRouteRule rule, int index) {
    return rule.getName() == null ? String.valueOf(index) : index + " (" + rule.getName() + ")";
  }
}
