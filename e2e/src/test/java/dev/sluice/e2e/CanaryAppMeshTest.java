package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through AWS App Mesh (trafficRouting.appMesh), driven by the packaged operator on the local control plane,
 * whose App Mesh CRDs come from the eks-charts module (hack/local-cluster.sh; the module proxy refuses the
 * controller's own module). No mesh runs there: the weights are read back from the VirtualRouter, the revisions from
 * the VirtualNodes' pod selectors.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryAppMeshTest {
  static final String MESH = """
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualService
      metadata: {name: web}
      spec:
        awsName: web.example.local
        provider: {virtualRouter: {virtualRouterRef: {name: web-router}}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualRouter
      metadata: {name: web-router}
      spec:
        listeners: [{portMapping: {port: 80, protocol: http}}]
        routes:
        - name: primary
          httpRoute:
            match: {prefix: /}
            action:
              weightedTargets:
              - {virtualNodeRef: {name: web-stable}, weight: 100}
              - {virtualNodeRef: {name: web-canary}, weight: 0}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: web-stable}
      spec:
        podSelector: {matchLabels: {app: web}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: web-stable.example.local}}
      ---
      apiVersion: appmesh.k8s.aws/v1beta2
      kind: VirtualNode
      metadata: {name: web-canary}
      spec:
        podSelector: {matchLabels: {app: web}}
        listeners: [{portMapping: {port: 8080, protocol: http}}]
        serviceDiscovery: {dns: {hostname: web-canary.example.local}}
      """;
  static final String ROUTING = """
              appMesh:
                virtualService: {name: web}
                virtualNodeGroup:
                  canaryVirtualNodeRef: {name: web-canary}
                  stableVirtualNodeRef: {name: web-stable}\
      """;

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void theRouteCarriesEachStepsWeightAndTheNodesFollowTheRevisions(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    RouterWalk walk = start(client, ns, app);

    assertThat(walk.release()).containsExactly("0/100", "25/75", "50/50", "100/0", "0/100");
    String v2 = (String) app.status().get("stableRS");
    assertThat(hash(client, ns, "web-stable")).as("the stable node selects the new stable revision").isEqualTo(v2);
    assertThat(hash(client, ns, "web-canary")).as("no canary between releases").isEqualTo("canary-hash");
  }

  @Test
  void anAbortPutsTheRouteBackOnStable(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    RouterWalk walk = start(client, ns, app);
    String v1 = (String) app.status().get("stableRS");

    walk.abortAtQuarter();

    assertThat(hash(client, ns, "web-stable")).isEqualTo(v1);
  }

  private static RouterWalk start(KubernetesClient client, TestNamespace ns, CanaryFixture app) {
    app.createServices();
    for (String document : MESH.split("---\n")) {
      app.apply(document);
    }
    return new RouterWalk(app, client, ROUTING, () -> weights(client, ns)).start();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(KubernetesClient client, TestNamespace ns, String kind, String name) {
    GenericKubernetesResource object = client.genericKubernetesResources("appmesh.k8s.aws/v1beta2", kind)
        .inNamespace(ns.name()).withName(name).get();
    return (Map<String, Object>) object.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static String hash(KubernetesClient client, TestNamespace ns, String node) {
    Map<String, Object> selector = (Map<String, Object>) spec(client, ns, "VirtualNode", node).get("podSelector");
    return (String) ((Map<String, Object>) selector.get("matchLabels")).get("sluice.dev/pod-template-hash");
  }

  /** The canary and stable VirtualNodes' weights on the route as "canary/stable". */
  @SuppressWarnings("unchecked")
  private static String weights(KubernetesClient client, TestNamespace ns) {
    List<Map<String, Object>> routes = (List<Map<String, Object>>) spec(client, ns, "VirtualRouter", "web-router").get("routes");
    Map<String, Object> action = (Map<String, Object>) ((Map<String, Object>) routes.get(0).get("httpRoute")).get("action");
    String canary = "?";
    String stable = "?";
    for (Map<String, Object> t : (List<Map<String, Object>>) action.get("weightedTargets")) {
      String weight = String.valueOf(((Number) t.get("weight")).intValue());
      String name = (String) ((Map<String, Object>) t.get("virtualNodeRef")).get("name");
      if ("web-canary".equals(name)) {
        canary = weight;
      } else if ("web-stable".equals(name)) {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }
}
