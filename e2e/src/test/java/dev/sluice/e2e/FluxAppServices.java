package dev.sluice.e2e;

/**
 * The app's Services and the HTTPRoute whose backend weights Sluice shifts, as Flux applies them from Git in
 * GitOpsLoopTest and in the demo. The annotation tells Flux to create the route but never to apply it over what
 * Sluice set (without it, every re-apply would put all traffic back on stable).
 */
public final class FluxAppServices {
  public static final String YAML = """
      apiVersion: v1
      kind: Service
      metadata: {name: web-stable}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web-canary}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
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
          - {name: web-stable, port: 80, weight: 100}
          - {name: web-canary, port: 80, weight: 0}
      """;

  private FluxAppServices() {
  }
}
