package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps the canary and stable subsets of the DestinationRule on the revisions' pod-template hashes. Only the label
 * {@value RolloutLabels#POD_TEMPLATE_HASH} of those two subsets is written; a null hash leaves its subset alone.
 */
final class DestinationRuleSubsets {
  private static final String FIELD = SpecFields.ISTIO + ".destinationRule";

  private DestinationRuleSubsets() {
  }

  static JsonPatch plan(DestinationRule dr, ObjectRef<DestinationRule> ref, IstioTrafficRouting.DestinationRule spec,
      String canaryHash, String stableHash) {
    JsonPatch patch = new JsonPatch();
    for (Target target : targets(dr, ref, spec, canaryHash, stableHash)) {
      if (target.hash() == null || target.hash().equals(target.current())) {
        continue;
      }
      Subset subset = target.subset();
      String at = JsonPatch.path("spec", "subsets", target.index());
      patch.test(at + "/name", subset.getName());
      if (subset.getLabels() == null || subset.getLabels().isEmpty()) {
        // The model reads absent labels as empty ones, so the whole map is added; a label someone adds meanwhile
        // would be replaced, hence the resourceVersion guard.
        patch.test("/metadata/resourceVersion", dr.getMetadata().getResourceVersion());
        patch.add(at + "/labels", Map.of(RolloutLabels.POD_TEMPLATE_HASH, target.hash()));
      } else {
        patch.set(at + JsonPatch.path("labels", RolloutLabels.POD_TEMPLATE_HASH), target.hash(), target.current() != null);
      }
    }
    return patch;
  }

  static List<String> mismatches(DestinationRule dr, ObjectRef<DestinationRule> ref, IstioTrafficRouting.DestinationRule spec,
      String canaryHash, String stableHash) {
    List<String> mismatches = new ArrayList<>();
    for (Target target : targets(dr, ref, spec, canaryHash, stableHash)) {
      if (target.hash() != null && !target.hash().equals(target.current())) {
        mismatches.add(ref + " subset " + target.subset().getName() + ": label " + RolloutLabels.POD_TEMPLATE_HASH + " is "
            + target.current() + ", want " + target.hash());
      }
    }
    return mismatches;
  }

  private record Target(int index, Subset subset, String hash, String current) {
  }

  /** Both subsets must exist, whatever the hashes: the VirtualService's destinations name them. */
  private static List<Target> targets(DestinationRule dr, ObjectRef<DestinationRule> ref, IstioTrafficRouting.DestinationRule spec,
      String canaryHash, String stableHash) {
    return List.of(target(dr, ref, spec.canarySubsetName, canaryHash, FIELD + ".canarySubsetName"),
        target(dr, ref, spec.stableSubsetName, stableHash, FIELD + ".stableSubsetName"));
  }

  private static Target target(DestinationRule dr, ObjectRef<DestinationRule> ref, String name, String hash, String field) {
    List<Subset> subsets = dr.getSpec() == null || dr.getSpec().getSubsets() == null ? List.of() : dr.getSpec().getSubsets();
    for (int i = 0; i < subsets.size(); i++) {
      Subset subset = subsets.get(i);
      if (name.equals(subset.getName())) {
        String current = subset.getLabels() == null ? null : subset.getLabels().get(RolloutLabels.POD_TEMPLATE_HASH);
        return new Target(i, subset, hash, current);
      }
    }
    throw ref.invalid(field, "has no subset named \"" + name + "\"");
  }
}
