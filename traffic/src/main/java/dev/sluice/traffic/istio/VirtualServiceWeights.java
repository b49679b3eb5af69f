package dev.sluice.traffic.istio;

import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The weights of the split http routes: canary w, stable 100 - w. Each weight change is guarded by tests that the
 * http route at that index still has the name read and the destination the host and subset read.
 */
final class VirtualServiceWeights {
  private VirtualServiceWeights() {
  }

  static JsonPatch plan(VirtualService vs, List<SplitRoute> splits, int canaryWeight, int maxWeight) {
    JsonPatch patch = new JsonPatch();
    for (SplitRoute split : splits) {
      boolean changed = setWeight(patch, vs, split, split.stable(), maxWeight - canaryWeight);
      changed |= setWeight(patch, vs, split, split.canary(), canaryWeight);
      if (changed && split.name() != null) {
        patch.test(JsonPatch.path("spec", "http", split.index(), "name"), split.name());
      }
    }
    return patch;
  }

  static List<String> mismatches(ObjectRef<VirtualService> ref, VirtualService vs, List<SplitRoute> splits, int canaryWeight, int maxWeight) {
    List<String> mismatches = new ArrayList<>();
    for (SplitRoute split : splits) {
      check(mismatches, ref, vs, split, split.stable(), maxWeight - canaryWeight);
      check(mismatches, ref, vs, split, split.canary(), canaryWeight);
    }
    return mismatches;
  }

  private static boolean setWeight(JsonPatch patch, VirtualService vs, SplitRoute split, int index, int weight) {
    HTTPRouteDestination destination = destination(vs, split, index);
    if (Objects.equals(destination.getWeight(), weight)) {
      return false;
    }
    String at = JsonPatch.path("spec", "http", split.index(), "route", index);
    patch.test(at + "/destination/host", destination.getDestination().getHost());
    if (destination.getDestination().getSubset() != null) {
      patch.test(at + "/destination/subset", destination.getDestination().getSubset());
    }
    patch.set(at + "/weight", weight, destination.getWeight() != null);
    return true;
  }

  private static void check(List<String> mismatches, ObjectRef<VirtualService> ref, VirtualService vs, SplitRoute split, int index, int want) {
    HTTPRouteDestination destination = destination(vs, split, index);
    // With more than one destination, Istio treats a missing weight as 0.
    int actual = destination.getWeight() == null ? 0 : destination.getWeight();
    if (actual != want) {
      String subset = destination.getDestination().getSubset();
      mismatches.add(ref + " http route " + VirtualServiceSplits.describe(VirtualServiceSplits.http(vs).get(split.index()), split.index())
          + ": destination " + destination.getDestination().getHost() + (subset == null ? "" : " subset " + subset)
          + " has weight " + actual + ", want " + want);
    }
  }

  private static HTTPRouteDestination destination(VirtualService vs, SplitRoute split, int index) {
    return VirtualServiceSplits.http(vs).get(split.index()).getRoute().get(index);
  }
}
