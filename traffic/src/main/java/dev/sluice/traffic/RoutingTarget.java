package dev.sluice.traffic;

import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.TrafficRouting;
import java.util.List;
import java.util.Objects;

/**
 * What the routers act on: the Rollout's namespace (where its Services, VirtualService and DestinationRule live),
 * its canary and stable Services, the pod-template hashes of the canary and stable revisions (Istio subsets
 * follow them; null leaves a subset's label alone) and its trafficRouting.
 */
public record RoutingTarget(String namespace, String canaryService, String stableService, String canaryHash,
    String stableHash, TrafficRouting trafficRouting) {
  public RoutingTarget {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(canaryService, "canaryService");
    Objects.requireNonNull(stableService, "stableService");
    Objects.requireNonNull(trafficRouting, "trafficRouting");
    if (canaryService.equals(stableService)) {
      throw new IllegalArgumentException("canary and stable service are both " + canaryService);
    }
  }

  public static RoutingTarget of(Rollout rollout, String canaryHash, String stableHash) {
    CanaryStrategy canary = rollout.getSpec() == null || rollout.getSpec().strategy == null ? null
        : rollout.getSpec().strategy.canary;
    if (canary == null || canary.trafficRouting == null) {
      throw new IllegalArgumentException("Rollout " + rollout.getMetadata().getName() + " has no canary trafficRouting");
    }
    return new RoutingTarget(rollout.getMetadata().getNamespace(), canary.canaryService, canary.stableService,
        canaryHash, stableHash, canary.trafficRouting);
  }

  /** The names in trafficRouting.managedRoutes, in order of precedence. */
  public List<String> managedRoutes() {
    return trafficRouting.managedRoutes == null ? List.of()
        : trafficRouting.managedRoutes.stream().map(r -> r.name).toList();
  }
}
