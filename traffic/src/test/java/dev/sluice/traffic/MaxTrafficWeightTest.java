package dev.sluice.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.smi.TrafficSplitV1alpha3;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * trafficRouting.maxTrafficWeight: every router whose weights are relative writes the canary's part of it and the
 * rest to the stable, verifies the same, and refuses a weight above it before any write. The percentage routers
 * (alb, ambassador, appMesh; the CRD refuses maxTrafficWeight with them) still refuse anything above 100.
 */
class MaxTrafficWeightTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();

  final MemoryAccess access = new MemoryAccess();

  @Test
  void gatewayApiWeighsTheBackendRefsOutOfTheTotal() {
    access.put(Fixtures.yaml("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: ns}
        spec:
          rules:
          - backendRefs:
            - {name: web-stable, port: 80, weight: 1000}
            - {name: web-canary, port: 80, weight: 0}
        """, HTTPRoute.class));
    TrafficRouter router = router("gatewayAPI: {httpRoute: web}");

    router.setWeight(25);

    var route = access.tree(ObjectRef.of(HTTPRoute.class, "ns", "web", "test"));
    assertThat(route.at("/spec/rules/0/backendRefs/0/weight").asInt()).isEqualTo(975);
    assertThat(route.at("/spec/rules/0/backendRefs/1/weight").asInt()).isEqualTo(25);
    assertThat(router.verifyWeight(25).verified()).isTrue();
    assertThat(router.verifyWeight(1000).mismatches()).containsExactly(
        "HTTPRoute ns/web rule 0: backend web-stable has weight 975, want 0",
        "HTTPRoute ns/web rule 0: backend web-canary has weight 25, want 1000");
    assertRefusedAboveTheTotal(router);
  }

  @Test
  void istioWeighsTheRouteDestinationsOutOfTheTotal() {
    access.put(Fixtures.yaml("""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: web, namespace: ns}
        spec:
          hosts: [web]
          http:
          - name: primary
            route:
            - destination: {host: web-stable}
              weight: 100
            - destination: {host: web-canary}
              weight: 0
        """, VirtualService.class));
    TrafficRouter router = router("istio: {virtualService: {name: web, routes: [primary]}}");

    router.setWeight(333);

    var vs = access.tree(ObjectRef.of(VirtualService.class, "ns", "web", "test"));
    assertThat(vs.at("/spec/http/0/route/0/weight").asInt()).isEqualTo(667);
    assertThat(vs.at("/spec/http/0/route/1/weight").asInt()).isEqualTo(333);
    assertThat(router.verifyWeight(333).verified()).isTrue();
    assertRefusedAboveTheTotal(router);
  }

  @Test
  void smiBackendsTakeTheTotal() {
    access.served = List.of("v1alpha3");
    TrafficRouter router = router("smi: {rootService: web, trafficSplitName: web-split}");

    router.setWeight(1);

    TrafficSplitV1alpha3 split = access.get(ObjectRef.of(TrafficSplitV1alpha3.class, "ns", "web-split", "test"));
    assertThat(split.getSpec().backends).extracting(b -> b.service + "=" + b.weight)
        .containsExactly("web-canary=1", "web-stable=999");
    assertThat(router.verifyWeight(1).verified()).isTrue();
    assertRefusedAboveTheTotal(router);
  }

  @Test
  void traefikWeightedServicesTakeTheTotal() {
    access.put(Fixtures.yaml("""
        apiVersion: traefik.io/v1alpha1
        kind: TraefikService
        metadata: {name: web-wrr, namespace: ns}
        spec:
          weighted:
            services:
            - {name: web-stable, port: 80}
            - {name: web-canary, port: 80}
        """, GenericKubernetesResource.class));
    TrafficRouter router = router("traefik: {weightedTraefikServiceName: web-wrr}");

    router.setWeight(500);

    var wrr = access.tree(ObjectRef.of(dev.sluice.traffic.traefik.TraefikService.class, "ns", "web-wrr", "test"));
    assertThat(wrr.at("/spec/weighted/services/0/weight").asInt()).isEqualTo(500);
    assertThat(wrr.at("/spec/weighted/services/1/weight").asInt()).isEqualTo(500);
    assertThat(router.verifyWeight(500).verified()).isTrue();
    assertThat(router.verifyWeight(50).verified()).isFalse();
    assertRefusedAboveTheTotal(router);
  }

  @Test
  void apisixBackendsTakeTheTotal() {
    access.put(Fixtures.yaml("""
        apiVersion: apisix.apache.org/v2
        kind: ApisixRoute
        metadata: {name: web, namespace: ns}
        spec:
          http:
          - name: web
            match: {paths: [/*]}
            backends:
            - {serviceName: web-stable, servicePort: 80}
            - {serviceName: web-canary, servicePort: 80, weight: 0}
        """, GenericKubernetesResource.class));
    TrafficRouter router = router("apisix: {route: {name: web}}");

    router.setWeight(100);

    var route = access.tree(ObjectRef.of(dev.sluice.traffic.apisix.ApisixRoute.class, "ns", "web", "test"));
    assertThat(route.at("/spec/http/0/backends/0/weight").asInt()).isEqualTo(900);
    assertThat(route.at("/spec/http/0/backends/1/weight").asInt()).isEqualTo(100);
    assertThat(router.verifyWeight(100).verified()).isTrue();
    assertRefusedAboveTheTotal(router);
  }

  /** ingress-nginx reads canary-weight out of canary-weight-total, which Sluice sets as Argo Rollouts does. */
  @Test
  void nginxWritesTheWeightAndTheTotalOnTheCanaryIngress() {
    access.put(Fixtures.yaml("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: ns}
        spec:
          ingressClassName: nginx
          rules:
          - host: web.example
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web-stable, port: {number: 80}}}
        """, Ingress.class));
    TrafficRouter router = router("nginx: {stableIngress: web}");

    router.setWeight(125);

    Ingress canary = access.get(ObjectRef.of(Ingress.class, "ns", "web-web-canary", "test"));
    assertThat(canary.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "125")
        .containsEntry("nginx.ingress.kubernetes.io/canary-weight-total", "1000");
    assertThat(router.verifyWeight(125).verified()).isTrue();
    assertRefusedAboveTheTotal(router);
  }

  @Test
  void withoutMaxTrafficWeightTheTotalIs100AndNginxSetsNoTotal() {
    access.put(Fixtures.yaml("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: ns}
        spec:
          rules:
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: web-stable, port: {number: 80}}}
        """, Ingress.class));
    RoutingTarget target = target("nginx: {stableIngress: web}", null);
    assertThat(target.maxWeight()).isEqualTo(100);
    TrafficRouter router = TrafficRouters.forRollout(access, target);

    router.setWeight(30);

    assertThat(access.get(ObjectRef.of(Ingress.class, "ns", "web-web-canary", "test")).getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "30")
        .doesNotContainKey("nginx.ingress.kubernetes.io/canary-weight-total");
    assertThatThrownBy(() -> router.setWeight(101)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("canary weight must be within 0..100, got 101");
  }

  private void assertRefusedAboveTheTotal(TrafficRouter router) {
    int writes = access.writes.size();
    assertThatThrownBy(() -> router.setWeight(1001)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("canary weight must be within 0..1000, got 1001");
    assertThatThrownBy(() -> router.verifyWeight(1001)).isInstanceOf(IllegalArgumentException.class);
    assertThat(access.writes).as("nothing written for a weight above the total").hasSize(writes);
  }

  private TrafficRouter router(String yaml) {
    return TrafficRouters.forRollout(access, target(yaml, 1000));
  }

  private static RoutingTarget target(String yaml, Integer maxTrafficWeight) {
    TrafficRouting routing = Fixtures.yaml(yaml, TrafficRouting.class);
    routing.maxTrafficWeight = maxTrafficWeight;
    return new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1", routing, OWNER, false);
  }
}
