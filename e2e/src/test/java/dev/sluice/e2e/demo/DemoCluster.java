package dev.sluice.e2e.demo;

import dev.sluice.e2e.KubectlSluice;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** What the demo reads from the cluster about the web app, as a person would check it. */
final class DemoCluster {
  private final KubernetesClient client;
  private final String namespace;
  private final KubectlSluice sluice;

  DemoCluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.sluice = new KubectlSluice(TestCluster.get(), namespace);
  }

  void await(String what, Duration timeout, Supplier<Boolean> condition) {
    Eventually.until(what, timeout, condition);
  }

  /** `kubectl sluice ARGS` in the demo's namespace; its output. */
  String sluice(String... args) {
    KubectlSluice.Result result = sluice.run(args);
    DemoStory.expect(result.exitCode() == 0, "kubectl sluice " + String.join(" ", args) + " succeeds: " + result.err());
    return result.out();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> status() {
    GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
        .inNamespace(namespace).withName("web").get();
    Object status = rollout == null ? null : rollout.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  String phase() {
    return (String) status().get("phase");
  }

  String stableHash() {
    return (String) status().get("stableRS");
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> gitRevert() {
    Object revert = status().get("gitRevert");
    return revert == null ? Map.of() : (Map<String, Object>) revert;
  }

  /** The HTTPRoute's weights as "canary/stable". */
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
    return client.services().inNamespace(namespace).withName(service).get().getSpec().getSelector()
        .get("sluice.dev/pod-template-hash");
  }

  /** Phases of the AnalysisRuns of the release under way (the current pod hash). */
  @SuppressWarnings("unchecked")
  List<String> runPhases() {
    String current = (String) status().get("currentPodHash");
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(namespace).list().getItems()
        .stream().filter(r -> current != null && r.getMetadata().getName().contains(current))
        .map(r -> (Map<String, Object>) r.getAdditionalProperties().get("status"))
        .map(s -> s == null ? "Pending" : String.valueOf(s.get("phase"))).toList();
  }

  Set<String> replicaSetHashes() {
    return client.apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .map(r -> r.getMetadata().getLabels().get("sluice.dev/pod-template-hash")).collect(Collectors.toSet());
  }
}
