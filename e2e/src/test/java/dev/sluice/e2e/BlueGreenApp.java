package dev.sluice.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** A blue-green app ("web", Services web-active and web-preview) as a user sees it through kubectl. */
record BlueGreenApp(KubernetesClient client, String namespace) {
  void createServices() {
    for (String name : List.of("web-active", "web-preview")) {
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

  void applyRollout(String version, String strategyExtra) {
    apply(BlueGreenTest.ROLLOUT.formatted(version, strategyExtra));
  }

  void apply(String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace)
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
        .inNamespace(namespace).withName("web").get();
    Object status = rollout.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> blueGreenStatus() {
    Object blueGreen = status().get("blueGreen");
    return blueGreen == null ? Map.of() : (Map<String, Object>) blueGreen;
  }

  String phase() {
    return (String) status().get("phase");
  }

  String stableHash() {
    return (String) status().get("stableRS");
  }

  @SuppressWarnings("unchecked")
  List<String> pauseReasons() {
    Object pauses = status().get("pauseConditions");
    return pauses == null ? List.of() : ((List<Map<String, Object>>) pauses).stream().map(p -> (String) p.get("reason")).toList();
  }

  String serviceHash(String service) {
    return client.services().inNamespace(namespace).withName(service).get().getSpec().getSelector()
        .get("sluice.dev/pod-template-hash");
  }

  int replicas(String hash) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(namespace).withName("web-" + hash).get();
    return replicaSet == null ? 0 : replicaSet.getSpec().getReplicas();
  }

  @SuppressWarnings("unchecked")
  Map<String, String> runPhases() {
    Map<String, String> phases = new java.util.TreeMap<>();
    client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(namespace).list().getItems()
        .forEach(r -> {
          Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
          phases.put(r.getMetadata().getName(), status == null ? "Pending" : String.valueOf(status.get("phase")));
        });
    return phases;
  }

  /** Event reasons about the Rollout, oldest first, as kubectl describe lists them. */
  List<String> events() {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "web".equals(e.getInvolvedObject().getName()) && "Rollout".equals(e.getInvolvedObject().getKind()))
        .sorted(java.util.Comparator.comparing(Event::getFirstTimestamp))
        .map(Event::getReason).toList();
  }

  void patchStatus(String json) {
    client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web")
        .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
  }
}
