package dev.sluice.traffic.gatewayapi;

import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The weights of the split rules: canary w, stable 100 - w. The patch changes only weight members, each guarded by a
 * test that the backendRef at that index still has the name that was read, so a concurrent reordering fails the patch
 * instead of moving traffic to the wrong backend.
 */
final class HttpRouteWeights {
  /** Gateway API's default weight of a backendRef. */
  static final int DEFAULT_WEIGHT = 1;

  private HttpRouteWeights() {
  }

  static JsonPatch plan(HTTPRoute route, List<SplitRule> splits, int canaryWeight, int maxWeight) {
    JsonPatch patch = new JsonPatch();
    for (SplitRule split : splits) {
      setWeight(patch, route, split.index(), split.stableRef(), maxWeight - canaryWeight);
      setWeight(patch, route, split.index(), split.canaryRef(), canaryWeight);
    }
    return patch;
  }

  static List<String> mismatches(ObjectRef<HTTPRoute> ref, HTTPRoute route, List<SplitRule> splits, int canaryWeight, int maxWeight) {
    List<String> mismatches = new ArrayList<>();
    for (SplitRule split : splits) {
      check(mismatches, ref, route, split, split.stableRef(), maxWeight - canaryWeight);
      check(mismatches, ref, route, split, split.canaryRef(), canaryWeight);
    }
    return mismatches;
  }

  private static void setWeight(JsonPatch patch, HTTPRoute route, int rule, int ref, int weight) {
    HTTPBackendRef backend = backend(route, rule, ref);
    if (Objects.equals(backend.getWeight(), weight)) {
      return;
    }
    String at = JsonPatch.path("spec", "rules", rule, "backendRefs", ref);
    patch.test(at + "/name", backend.getName());
    patch.set(at + "/weight", weight, backend.getWeight() != null);
  }

  private static void check(List<String> mismatches, ObjectRef<HTTPRoute> ref, HTTPRoute route, SplitRule split, int index, int want) {
    HTTPBackendRef backend = backend(route, split.index(), index);
    int actual = backend.getWeight() == null ? DEFAULT_WEIGHT : backend.getWeight();
    if (actual != want) {
      mismatches.add(ref + " rule " + HttpRouteSplits.describe(route.getSpec().getRules().get(split.index()), split.index())
          + ": backend " + backend.getName() + " has weight " + actual + ", want " + want);
    }
  }

  private static HTTPBackendRef backend(HTTPRoute route, int rule, int ref) {
    return route.getSpec().getRules().get(rule).getBackendRefs().get(ref);
  }
}
