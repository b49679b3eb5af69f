package dev.sluice.traffic;

import static dev.sluice.traffic.LiveObjects.applyAsGitOps;
import static dev.sluice.traffic.LiveObjects.content;
import static dev.sluice.traffic.LiveObjects.resourceVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Istio router against a real API server with the Istio CRDs (networking.istio.io/v1). */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class IstioRoutingClusterTest {
  static final String HOST_LEVEL_VS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata:
        name: web
        labels: {app.kubernetes.io/instance: shop}
      spec:
        hosts: [shop.example.com]
        gateways: [shop-gw]
        http:
        - name: static
          match: [{uri: {prefix: /static}}]
          route: [{destination: {host: cdn}}]
        - name: primary
          retries: {attempts: 3, perTryTimeout: 2s}
          route:
          - {destination: {host: web-stable, port: {number: 80}}, weight: 100}
          - {destination: {host: web-canary, port: {number: 80}}, weight: 0}
      """;
  static final String SUBSET_LEVEL_VS = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: web}
      spec:
        hosts: [web]
        http:
        - name: primary
          route:
          - {destination: {host: web, subset: stable}, weight: 100}
          - {destination: {host: web, subset: canary}, weight: 0}
      """;
  static final String DESTINATION_RULE = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: web}
      spec:
        host: web
        trafficPolicy: {connectionPool: {tcp: {maxConnections: 100}}}
        subsets:
        - name: stable
          labels: {app: web, sluice.dev/pod-template-hash: aaa}
        - name: canary
          labels: {app: web, sluice.dev/pod-template-hash: aaa}
          trafficPolicy: {loadBalancer: {simple: ROUND_ROBIN}}
      """;
  static final String HOST_LEVEL = "{istio: {virtualService: {name: web, routes: [primary]}}, managedRoutes: [{name: beta}, {name: shadow}]}";
  static final String SUBSET_LEVEL = "istio: {virtualService: {name: web, routes: [primary]},"
      + " destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}";

  @Test
  void hostLevelSetWeightChangesOnlyTheTwoWeights(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), HOST_LEVEL_VS);
    ObjectNode before = virtualService(client, ns);
    TrafficRouter router = TrafficRouters.forRollout(client, Fixtures.target(ns.name(), HOST_LEVEL));

    router.setWeight(30);

    ObjectNode after = virtualService(client, ns);
    ObjectNode restored = content(after);
    ((ObjectNode) restored.at("/spec/http/1/route/0")).put("weight", 100);
    ((ObjectNode) restored.at("/spec/http/1/route/1")).put("weight", 0);
    assertThat(restored).isEqualTo(content(before));
    assertThat(after.at("/spec/http/1/route/1/weight").asInt()).isEqualTo(30);
    assertThat(LiveObjects.fieldsOf(after, "sluice")).containsExactly(LiveObjects.json("{\"f:spec\":{\"f:http\":{}}}"));
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(40).mismatches()).containsExactly(
        "VirtualService " + ns + "/web http route 1 (primary): destination web-stable has weight 70, want 60",
        "VirtualService " + ns + "/web http route 1 (primary): destination web-canary has weight 30, want 40");
  }

  @Test
  void subsetLevelPutsTheSubsetsOnTheHashesAndShiftsTheWeights(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), SUBSET_LEVEL_VS);
    applyAsGitOps(client, ns.name(), DESTINATION_RULE);
    ObjectNode ruleBefore = destinationRule(client, ns);
    TrafficRouter router = TrafficRouters.forRollout(client, Fixtures.target(ns.name(), SUBSET_LEVEL, "bbb", "aaa"));

    router.setWeight(25);

    ObjectNode ruleAfter = destinationRule(client, ns);
    assertThat(ruleAfter.at("/spec/subsets/1/labels/sluice.dev~1pod-template-hash").asText()).isEqualTo("bbb");
    ObjectNode restored = content(ruleAfter);
    ((ObjectNode) restored.at("/spec/subsets/1/labels")).put("sluice.dev/pod-template-hash", "aaa");
    assertThat(restored).isEqualTo(content(ruleBefore));
    JsonNode route = virtualService(client, ns).at("/spec/http/0/route");
    assertThat(route).extracting(d -> d.at("/destination/subset").asText() + "=" + d.get("weight").asInt())
        .containsExactly("stable=75", "canary=25");
    assertThat(router.verifyWeight(25).verified()).isTrue();
    assertThat(TrafficRouters.forRollout(client, Fixtures.target(ns.name(), SUBSET_LEVEL, "ccc", "aaa")).verifyWeight(25).mismatches())
        .containsExactly("DestinationRule " + ns + "/web subset canary: label sluice.dev/pod-template-hash is bbb, want ccc");
  }

  @Test
  void headerAndMirrorRoutesGoInFrontInManagedRoutesOrderAndAreRemoved(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), HOST_LEVEL_VS);
    TrafficRouter router = TrafficRouters.forRollout(client, Fixtures.target(ns.name(), HOST_LEVEL));
    router.setWeight(10);
    JsonNode original = virtualService(client, ns).at("/spec/http");

    router.setMirrorRoute(Fixtures.mirrorRoute("{name: shadow, percentage: 20, match: [{method: {exact: GET}}]}"));
    router.setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: X-Beta, headerValue: {exact: 'on'}}]}"));
    router.setWeight(50);

    JsonNode http = virtualService(client, ns).at("/spec/http");
    assertThat(http).extracting(r -> r.get("name").asText()).containsExactly("sluice.beta.0", "sluice.shadow.0", "static", "primary");
    assertThat(http.get(0).get("match")).isEqualTo(LiveObjects.json("[{\"headers\":{\"x-beta\":{\"exact\":\"on\"}}}]"));
    assertThat(http.get(0).get("route")).isEqualTo(LiveObjects.json("[{\"destination\":{\"host\":\"web-canary\",\"port\":{\"number\":80}}}]"));
    assertThat(http.get(0).get("retries")).isEqualTo(http.get(3).get("retries"));
    JsonNode mirror = http.get(1);
    assertThat(mirror.get("match")).isEqualTo(LiveObjects.json("[{\"method\":{\"exact\":\"GET\"}}]"));
    assertThat(mirror.get("mirror")).isEqualTo(LiveObjects.json("{\"host\":\"web-canary\",\"port\":{\"number\":80}}"));
    assertThat(mirror.at("/mirrorPercentage/value").asDouble()).isEqualTo(20.0);
    assertThat(mirror.get("route")).extracting(d -> d.get("weight").asInt()).containsExactly(50, 50);
    assertThat(router.verifyWeight(50).verified()).isTrue();

    router.removeManagedRoutes();
    router.setWeight(10);

    assertThat(virtualService(client, ns).at("/spec/http")).isEqualTo(original);
  }

  @Test
  void missingObjectsAndRoutesAreNamedAndNothingIsWritten(KubernetesClient client, TestNamespace ns) {
    assertThatThrownBy(() -> TrafficRouters.forRollout(client, Fixtures.target(ns.name(), SUBSET_LEVEL)).setWeight(10))
        .isInstanceOfSatisfying(RouteNotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("DestinationRule");
          assertThat(e.specField()).isEqualTo("spec.strategy.canary.trafficRouting.istio.destinationRule.name");
        });
    applyAsGitOps(client, ns.name(), DESTINATION_RULE);
    assertThatThrownBy(() -> TrafficRouters.forRollout(client, Fixtures.target(ns.name(), SUBSET_LEVEL)).setWeight(10))
        .isInstanceOfSatisfying(RouteNotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo("VirtualService");
          assertThat(e.specField()).isEqualTo("spec.strategy.canary.trafficRouting.istio.virtualService.name");
        });
    applyAsGitOps(client, ns.name(), SUBSET_LEVEL_VS);
    String ruleVersion = resourceVersion(destinationRule(client, ns));
    String serviceVersion = resourceVersion(virtualService(client, ns));

    assertThatThrownBy(() -> TrafficRouters.forRollout(client, Fixtures.target(ns.name(),
        SUBSET_LEVEL.replace("routes: [primary]", "routes: [primary, secondary]"), "bbb", "aaa")).setWeight(10))
        .isInstanceOf(InvalidRouteException.class).hasMessage("VirtualService " + ns + "/web: has no http route named \"secondary\"");
    assertThatThrownBy(() -> TrafficRouters.forRollout(client, Fixtures.target(ns.name(),
        SUBSET_LEVEL.replace("canarySubsetName: canary", "canarySubsetName: preview"), "bbb", "aaa")).setWeight(10))
        .isInstanceOf(InvalidRouteException.class).hasMessage("DestinationRule " + ns + "/web: has no subset named \"preview\"");

    assertThat(resourceVersion(destinationRule(client, ns))).isEqualTo(ruleVersion);
    assertThat(resourceVersion(virtualService(client, ns))).isEqualTo(serviceVersion);
  }

  @Test
  void bothRoutersTogetherWriteNothingWhenEitherCannotBeChanged(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), GatewayApiRoutingClusterTest.ROUTE.formatted("web"));
    String both = "{gatewayAPI: {httpRoute: web}, istio: {virtualService: {name: web, routes: [primary]}}}";
    String routeVersion = resourceVersion(GatewayApiRoutingClusterTest.route(client, ns, "web"));

    assertThatThrownBy(() -> TrafficRouters.forRollout(client, Fixtures.target(ns.name(), both)).setWeight(10))
        .isInstanceOf(RouteNotFoundException.class).hasMessageContaining("VirtualService");
    assertThat(resourceVersion(GatewayApiRoutingClusterTest.route(client, ns, "web"))).isEqualTo(routeVersion);

    applyAsGitOps(client, ns.name(), HOST_LEVEL_VS);
    TrafficRouter router = TrafficRouters.forRollout(client, Fixtures.target(ns.name(), both));
    router.setWeight(10);

    assertThat(router.verifyWeight(10).verified()).isTrue();
    assertThat(router.verifyWeight(20).mismatches()).hasSize(4);
  }

  static ObjectNode virtualService(KubernetesClient client, TestNamespace ns) {
    return LiveObjects.json(client, ns.name(), "networking.istio.io/v1", "VirtualService", "web");
  }

  static ObjectNode destinationRule(KubernetesClient client, TestNamespace ns) {
    return LiveObjects.json(client, ns.name(), "networking.istio.io/v1", "DestinationRule", "web");
  }
}
