package dev.sluice.traffic;

/** Paths of the Rollout fields that errors point users at. */
public final class SpecFields {
  public static final String CANARY = "spec.strategy.canary";
  public static final String CANARY_SERVICE = CANARY + ".canaryService";
  public static final String STABLE_SERVICE = CANARY + ".stableService";
  public static final String TRAFFIC_ROUTING = CANARY + ".trafficRouting";
  public static final String MANAGED_ROUTES = TRAFFIC_ROUTING + ".managedRoutes";
  public static final String GATEWAY_API = TRAFFIC_ROUTING + ".gatewayAPI";
  public static final String ISTIO = TRAFFIC_ROUTING + ".istio";
  public static final String NGINX = TRAFFIC_ROUTING + ".nginx";
  public static final String SMI = TRAFFIC_ROUTING + ".smi";
  public static final String ALB = TRAFFIC_ROUTING + ".alb";
  public static final String TRAEFIK = TRAFFIC_ROUTING + ".traefik";
  public static final String APISIX = TRAFFIC_ROUTING + ".apisix";
  public static final String AMBASSADOR = TRAFFIC_ROUTING + ".ambassador";
  public static final String APP_MESH = TRAFFIC_ROUTING + ".appMesh";
  public static final String SET_HEADER_ROUTE = CANARY + ".steps[].setHeaderRoute";
  public static final String SET_MIRROR_ROUTE = CANARY + ".steps[].setMirrorRoute";

  private SpecFields() {
  }
}
