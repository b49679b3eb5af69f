package dev.sluice.traffic.appmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

class AppMeshRouterTest {
  static final String ROUTING = """
      appMesh:
        virtualService: {name: web}
        virtualNodeGroup:
          canaryVirtualNodeRef: {name: web-canary}
          stableVirtualNodeRef: {name: web-stable}
      """;
  static final ObjectRef<VirtualRouter> ROUTER = ObjectRef.of(VirtualRouter.class, "ns", "web-router", "test");
  static final ObjectRef<VirtualNode> CANARY_NODE = ObjectRef.of(VirtualNode.class, "ns", "web-canary", "test");
  static final ObjectRef<VirtualNode> STABLE_NODE = ObjectRef.of(VirtualNode.class, "ns", "web-stable", "test");

  final MemoryAccess access = new MemoryAccess();

  void mesh(String extraRoute) {
    access.put(Fixtures.yaml("""
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualService
        metadata: {name: web, namespace: ns}
        spec:
          awsName: web.ns.svc.cluster.local
          provider: {virtualRouter: {virtualRouterRef: {name: web-router}}}
        """, GenericKubernetesResource.class));
    access.put(Fixtures.yaml("""
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualRouter
        metadata: {name: web-router, namespace: ns}
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
        """ + extraRoute, GenericKubernetesResource.class));
    for (String node : new String[] {"web-canary", "web-stable"}) {
      access.put(Fixtures.yaml("""
          apiVersion: appmesh.k8s.aws/v1beta2
          kind: VirtualNode
          metadata: {name: %s, namespace: ns}
          spec:
            podSelector: {matchLabels: {app: web}}
            listeners: [{portMapping: {port: 8080, protocol: http}}]
          """.formatted(node), GenericKubernetesResource.class));
    }
  }

  @Test
  void shiftsTheRoutesWeightsAndPinsTheVirtualNodesToTheRevisions() {
    mesh("");
    TrafficRouter router = router(ROUTING, "c1");

    router.setWeight(30);
    router.setWeight(30);

    assertThat(access.writes).containsExactly("patch web-stable", "patch web-canary", "patch web-router");
    assertThat(access.tree(ROUTER).at("/spec/routes/0/httpRoute/action/weightedTargets").toString()).isEqualTo(
        "[{\"virtualNodeRef\":{\"name\":\"web-stable\"},\"weight\":70},{\"virtualNodeRef\":{\"name\":\"web-canary\"},\"weight\":30}]");
    assertThat(access.tree(ROUTER).at("/spec/routes/0/httpRoute/match/prefix").asText()).isEqualTo("/");
    assertThat(access.tree(CANARY_NODE).at("/spec/podSelector/matchLabels").toString())
        .isEqualTo("{\"app\":\"web\",\"sluice.dev/pod-template-hash\":\"c1\"}");
    assertThat(access.tree(STABLE_NODE).at("/spec/podSelector/matchLabels/sluice.dev~1pod-template-hash").asText()).isEqualTo("s1");
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(0).mismatches()).containsExactly(
        "VirtualRouter ns/web-router route primary: VirtualNode web-canary has weight 30, want 0",
        "VirtualRouter ns/web-router route primary: VirtualNode web-stable has weight 70, want 100");
  }

  @Test
  void outsideAReleaseTheCanaryNodeSelectsNoRevision() {
    mesh("");
    router(ROUTING, "s1").setWeight(0);

    assertThat(access.tree(CANARY_NODE).at("/spec/podSelector/matchLabels/sluice.dev~1pod-template-hash").asText())
        .isEqualTo("canary-hash");
    assertThat(access.writes).doesNotContain("patch web-router");
  }

  @Test
  void withoutRoutesEveryRouteIsShiftedAndNamedRoutesLimitIt() {
    String tcp = """
          - name: tcp
            tcpRoute:
              action:
                weightedTargets:
                - {virtualNodeRef: {name: web-canary, namespace: ns}, weight: 0}
                - {virtualNodeRef: {name: web-stable}, weight: 100}
        """;
    mesh(tcp);
    router(ROUTING, "c1").setWeight(10);
    assertThat(access.tree(ROUTER).at("/spec/routes/1/tcpRoute/action/weightedTargets/0/weight").asInt()).isEqualTo(10);

    router(ROUTING.replace("{name: web}", "{name: web, routes: [primary]}"), "c1").setWeight(20);
    assertThat(access.tree(ROUTER).at("/spec/routes/0/httpRoute/action/weightedTargets/1/weight").asInt()).isEqualTo(20);
    assertThat(access.tree(ROUTER).at("/spec/routes/1/tcpRoute/action/weightedTargets/0/weight").asInt()).isEqualTo(10);
  }

  @Test
  void aRouteWithoutTheCanaryNodeIsRefusedBeforeAnyWrite() {
    mesh("""
          - name: other
            httpRoute:
              action:
                weightedTargets: [{virtualNodeRef: {name: other}, weight: 1}]
        """);
    assertThatThrownBy(() -> router(ROUTING, "c1").setWeight(10)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("route other has no weighted target on VirtualNode web-canary");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aVirtualServiceWithoutARouterIsRefused() {
    access.put(Fixtures.yaml("""
        apiVersion: appmesh.k8s.aws/v1beta2
        kind: VirtualService
        metadata: {name: web, namespace: ns}
        spec:
          provider: {virtualNode: {virtualNodeRef: {name: web-stable}}}
        """, GenericKubernetesResource.class));
    assertThatThrownBy(() -> router(ROUTING, "c1").setWeight(10)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("has no provider.virtualRouter.virtualRouterRef");
  }

  private TrafficRouter router(String yaml, String canaryHash) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary-svc", "web-stable-svc", canaryHash, "s1",
        Fixtures.yaml(yaml, TrafficRouting.class)));
  }
}
