package dev.sluice.traffic;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.patch.Json;

/** Test objects from YAML, as users write them. */
public final class Fixtures {
  private Fixtures() {
  }

  public static <T> T yaml(String yaml, Class<T> type) {
    // The document marker keeps flow-style YAML ({a: 1}) from being taken for JSON.
    return Json.read("---\n" + yaml, type);
  }

  public static RoutingTarget target(String namespace, String trafficRoutingYaml) {
    return target(namespace, trafficRoutingYaml, "canaryhash", "stablehash");
  }

  public static RoutingTarget target(String namespace, String trafficRoutingYaml, String canaryHash, String stableHash) {
    return new RoutingTarget(namespace, "web-canary", "web-stable", canaryHash, stableHash, yaml(trafficRoutingYaml, TrafficRouting.class));
  }

  public static SetHeaderRoute headerRoute(String yaml) {
    return yaml(yaml, SetHeaderRoute.class);
  }

  public static SetMirrorRoute mirrorRoute(String yaml) {
    return yaml(yaml, SetMirrorRoute.class);
  }
}
