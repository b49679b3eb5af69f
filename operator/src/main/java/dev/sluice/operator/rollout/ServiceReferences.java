package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStrategy;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Services a Rollout names, by the spec field that names them. */
public final class ServiceReferences {
  private ServiceReferences() {
  }

  public static Map<String, String> of(Rollout rollout) {
    Map<String, String> byField = new LinkedHashMap<>();
    RolloutStrategy strategy = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
    if (strategy == null) {
      return byField;
    }
    if (strategy.canary != null) {
      putIfSet(byField, "spec.strategy.canary.canaryService", strategy.canary.canaryService);
      putIfSet(byField, "spec.strategy.canary.stableService", strategy.canary.stableService);
      if (strategy.canary.pingPong != null) {
        putIfSet(byField, "spec.strategy.canary.pingPong.pingService", strategy.canary.pingPong.pingService);
        putIfSet(byField, "spec.strategy.canary.pingPong.pongService", strategy.canary.pingPong.pongService);
      }
    }
    if (strategy.blueGreen != null) {
      putIfSet(byField, "spec.strategy.blueGreen.activeService", strategy.blueGreen.activeService);
      putIfSet(byField, "spec.strategy.blueGreen.previewService", strategy.blueGreen.previewService);
    }
    return byField;
  }

  private static void putIfSet(Map<String, String> map, String field, String name) {
    if (name != null && !name.isBlank()) {
      map.put(field, name);
    }
  }
}
