package dev.sluice.e2e;

/**
 * The app's Services and the HTTPRoute whose backend weights Sluice shifts, as Flux applies them from Git in
 * GitOpsLoopTest and in the demo.
 *
 * <p>Each carries {@code kustomize.toolkit.fluxcd.io/ssa: IfNotPresent}: Flux creates the object when it is missing
 * and never applies over it afterwards. Once they exist, what changes in them is Sluice's (the route's weights, the
 * Services' pod-template-hash selectors): without the annotation every re-apply would put all traffic back on stable.
 * It also lets the demo create the Services itself before Flux's first apply, with loopback ClusterIPs from an extra
 * ServiceCIDR (docs/data-plane.md), which Flux's server-side dry run refuses; Flux then leaves them as they are.
 */
public final class FluxAppServices {
  private static final String YAML = """
      apiVersion: v1
      kind: Service
      metadata:
        name: web-stable
        annotations:
          kustomize.toolkit.fluxcd.io/ssa: IfNotPresent
      spec:
        selector: {app: web}
        ports: [{port: %1$d, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web-canary
        annotations:
          kustomize.toolkit.fluxcd.io/ssa: IfNotPresent
      spec:
        selector: {app: web}
        ports: [{port: %1$d, targetPort: 8080}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: web
        annotations:
          kustomize.toolkit.fluxcd.io/ssa: IfNotPresent
      spec:
        parentRefs: [{name: gateway}]
        rules:
        - backendRefs:
          - {name: web-stable, port: %1$d, weight: 100}
          - {name: web-canary, port: %1$d, weight: 0}
      """;

  private FluxAppServices() {
  }

  /** The Services (port {@code port}) and the HTTPRoute to them, through the Gateway named "gateway". */
  public static String yaml(int port) {
    return YAML.formatted(port);
  }
}
