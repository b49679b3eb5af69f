package dev.sluice.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** An app behind an HTTPRoute with a stable and a canary Service, released by a canary Rollout. */
final class CanaryFixture {
  static final String ROUTE = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: web}
      spec:
        parentRefs: [{name: gateway}]
        rules:
        - backendRefs:
          - {name: web-stable, port: 80, weight: 100}
          - {name: web-canary, port: 80, weight: 0}
      """;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 2
            scaleDownDelaySeconds: 2
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - pause: {duration: 3s}
            - setWeight: 50
            - pause: {}
      """;

  /**
   * A canary whose analysis step runs one template with one argument between 25% and 75%: {@code formatted(version,
   * templateName, argName, argValue)}.
   */
  static final String ANALYSIS_ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 1
            scaleDownDelaySeconds: 1
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - analysis:
                templates: [{templateName: %s}]
                args: [{name: %s, value: %s}]
            - setWeight: 75
      """;

  private final KubernetesClient client;
  private final String namespace;

  CanaryFixture(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  String namespace() {
    return namespace;
  }

  void createAppAndRoute() {
    createServices();
    apply(ROUTE);
  }

  /** The stable and canary Services, both selecting the app's pods until Sluice pins them to revisions. */
  void createServices() {
    for (String name : List.of("web-stable", "web-canary")) {
      apply("""
          apiVersion: v1
          kind: Service
          metadata: {name: %s}
          spec:
            selector: {app: web}
            ports: [{port: 80, targetPort: 8080}]
          """.formatted(name));
    }
  }

  void applyRollout(String version) {
    applyRolloutYaml(ROLLOUT.formatted(version));
  }

  void applyRolloutYaml(String yaml) {
    apply(yaml);
  }

  GenericKubernetesResource rollout() {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web").get();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    Object status = rollout().getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  String phase() {
    return (String) status().get("phase");
  }

  /** The canary and stable weights the HTTPRoute carries right now, as "canary/stable". */
  @SuppressWarnings("unchecked")
  String routeWeights() {
    GenericKubernetesResource route = client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
        .inNamespace(namespace).withName("web").get();
    var rules = (List<Map<String, Object>>) ((Map<String, Object>) route.getAdditionalProperties().get("spec")).get("rules");
    int canary = -1;
    int stable = -1;
    for (Map<String, Object> backend : (List<Map<String, Object>>) rules.get(0).get("backendRefs")) {
      int weight = ((Number) backend.get("weight")).intValue();
      if ("web-canary".equals(backend.get("name"))) {
        canary = weight;
      } else {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }

  String serviceHash(String service) {
    return client.services().inNamespace(namespace).withName(service).get().getSpec().getSelector().get("sluice.dev/pod-template-hash");
  }

  List<GenericKubernetesResource> analysisRuns() {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(namespace).list()
        .getItems();
  }

  /** The status of each AnalysisRun in the namespace; empty for a run without one yet. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> analysisRunStatuses() {
    return analysisRuns().stream().map(r -> (Map<String, Object>) r.getAdditionalProperties().get("status"))
        .map(s -> s == null ? Map.<String, Object>of() : s).toList();
  }

  /** The phase of each AnalysisRun in the namespace, "Pending" before it has one. */
  List<String> analysisRunPhases() {
    return analysisRunStatuses().stream().map(s -> String.valueOf(s.getOrDefault("phase", "Pending"))).toList();
  }

  void patchStatus(String json) {
    client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web").subresource("status")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }

  void apply(String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace)
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
