package dev.sluice.traffic.apisix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RouteNotFoundException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

class ApisixRouterTest {
  static final ObjectRef<ApisixRoute> REF = ObjectRef.of(ApisixRoute.class, "ns", "web", "test");
  static final String ROUTE = """
      apiVersion: apisix.apache.org/v2
      kind: ApisixRoute
      metadata: {name: web, namespace: ns}
      spec:
        http:
        - name: other
          match: {paths: [/other]}
          backends: [{serviceName: other, servicePort: 80}]
        - name: web
          match: {paths: [/*], hosts: [web.example.com]}
          backends:
          - {serviceName: web-stable, servicePort: 80}
          - {serviceName: web-canary, servicePort: 80, weight: 0}
        - name: api
          match: {paths: [/api/*]}
          backends:
          - {serviceName: web-canary, servicePort: 80}
          - {serviceName: web-stable, servicePort: 80}
      """;

  final MemoryAccess access = new MemoryAccess();

  @Test
  void withoutRulesTheRuleNamedLikeTheRouteIsShifted() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    TrafficRouter router = router("apisix: {route: {name: web}}");

    router.setWeight(40);
    router.setWeight(40);

    assertThat(access.writes).containsExactly("patch web");
    assertThat(access.tree(REF).at("/spec/http/1/backends").toString()).isEqualTo(
        "[{\"serviceName\":\"web-stable\",\"servicePort\":80,\"weight\":60},"
            + "{\"serviceName\":\"web-canary\",\"servicePort\":80,\"weight\":40}]");
    assertThat(access.tree(REF).at("/spec/http/2/backends/0/weight").isMissingNode()).as("api is not named").isTrue();
    assertThat(access.tree(REF).at("/spec/http/1/match/hosts/0").asText()).isEqualTo("web.example.com");
    assertThat(router.verifyWeight(40).verified()).isTrue();
    assertThat(router.verifyWeight(0).mismatches()).containsExactly(
        "ApisixRoute ns/web rule web: backend web-canary has weight 40, want 0",
        "ApisixRoute ns/web rule web: backend web-stable has weight 60, want 100");
  }

  @Test
  void everyNamedRuleIsShiftedInOnePatch() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    TrafficRouter router = router("apisix: {route: {name: web, rules: [web, api]}}");

    router.setWeight(25);

    assertThat(access.writes).containsExactly("patch web");
    assertThat(access.tree(REF).at("/spec/http/2/backends/0/weight").asInt()).isEqualTo(25);
    assertThat(access.tree(REF).at("/spec/http/2/backends/1/weight").asInt()).isEqualTo(75);
    assertThat(router.verifyWeight(25).verified()).isTrue();
  }

  @Test
  void aBackendWithoutWeightCountsAsApisixDefault() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));
    assertThat(router("apisix: {route: {name: web, rules: [api]}}").verifyWeight(50).mismatches()).containsExactly(
        "ApisixRoute ns/web rule api: backend web-canary has weight 100, want 50",
        "ApisixRoute ns/web rule api: backend web-stable has weight 100, want 50");
  }

  @Test
  void aMissingRuleOrBackendIsRefusedBeforeAnyWrite() {
    access.put(Fixtures.yaml(ROUTE, GenericKubernetesResource.class));

    assertThatThrownBy(() -> router("apisix: {route: {name: web, rules: [web, gone]}}").setWeight(10))
        .isInstanceOf(InvalidRouteException.class).hasMessageContaining("has no http rule named gone")
        .satisfies(e -> assertThat(((InvalidRouteException) e).specField())
            .isEqualTo("spec.strategy.canary.trafficRouting.apisix.route.rules"));
    assertThatThrownBy(() -> router("apisix: {route: {name: web, rules: [other]}}").setWeight(10))
        .isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("http rule other has no backend on Service web-canary");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aMissingRouteNamesTheField() {
    assertThatThrownBy(() -> router("apisix: {route: {name: web}}").setWeight(10))
        .isInstanceOf(RouteNotFoundException.class)
        .satisfies(e -> assertThat(((RouteNotFoundException) e).specField())
            .isEqualTo("spec.strategy.canary.trafficRouting.apisix.route"));
  }

  private TrafficRouter router(String yaml) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        Fixtures.yaml(yaml, TrafficRouting.class)));
  }
}
