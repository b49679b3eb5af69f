package dev.sluice.traffic.smi;

import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The TrafficSplit API versions Sluice speaks (those Argo Rollouts supports), newest first. */
final class TrafficSplits {
  static final String GROUP = "split.smi-spec.io";
  static final Map<String, Class<? extends CustomResource<TrafficSplitSpec, Void>>> TYPES = Map.of(
      "v1alpha3", TrafficSplitV1alpha3.class,
      "v1alpha2", TrafficSplitV1alpha2.class,
      "v1alpha1", TrafficSplitV1alpha1.class);
  static final List<String> SUPPORTED = List.of("v1alpha3", "v1alpha2", "v1alpha1");

  private TrafficSplits() {
  }

  /**
   * The version to use among those the API server serves (its preferred one first): the preferred one when Sluice
   * speaks it, else the newest Sluice speaks; empty when it serves none of them.
   */
  static Optional<String> choose(List<String> served) {
    if (!served.isEmpty() && SUPPORTED.contains(served.get(0))) {
      return Optional.of(served.get(0));
    }
    return SUPPORTED.stream().filter(served::contains).findFirst();
  }

  /** A weight as the version writes it: a quantity string in v1alpha1, a number after. */
  static Object weight(String version, int weight) {
    return "v1alpha1".equals(version) ? Integer.toString(weight) : weight;
  }

  /** A weight read back, whatever its form; null when it is missing or not a whole number. */
  static Integer weightOf(Object weight) {
    if (weight instanceof Number n) {
      return n.doubleValue() == n.intValue() ? n.intValue() : null;
    }
    if (weight instanceof String s) {
      try {
        return Integer.valueOf(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
